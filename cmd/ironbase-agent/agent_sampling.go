package main

import (
	"context"
	"time"

	"github.com/ironbase/ironbase/testsuite/usage"
)

// samplingRun is the 1 Hz sampler running while the server asks for it.
type samplingRun struct {
	cancel context.CancelFunc
	done   chan struct{}
}

func (a *agent) startSampling(ctx context.Context) *samplingRun {
	ctx, cancel := context.WithCancel(ctx)
	r := &samplingRun{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(r.done)
		a.sample(ctx)
	}()
	a.log.Info("sampling started", "upload_every", a.cfg.UploadEvery)
	return r
}

// stop ends sampling after the last segment is uploaded.
func (r *samplingRun) stop() {
	r.cancel()
	<-r.done
}

// finalUpload bounds the last upload after sampling was stopped.
const finalUpload = 10 * time.Second

// sample reads the host once a second into a usage encoder and uploads a
// segment every cfg.UploadEvery and when it stops. Segments whose upload
// failed are kept (at most cfg.KeepSegments, oldest dropped first) and
// sent with the next one.
func (a *agent) sample(ctx context.Context) {
	s := newSampler(a.procfs, a.now)
	enc := usage.NewEncoder(usage.Config{})
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	up := time.NewTicker(a.cfg.UploadEvery)
	defer up.Stop()
	var pending [][]byte
	logged := false
	add := func() {
		smp, err := s.sample()
		if err != nil && !logged {
			a.log.Warn("sampling failed", "err", err)
			logged = true
		}
		if err == nil {
			enc.Add(smp)
		}
	}
	for add(); ; {
		select {
		case <-tick.C:
			add()
		case <-up.C:
			pending = a.upload(ctx, append(pending, enc.Cut()))
		case <-ctx.Done():
			fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), finalUpload)
			a.upload(fctx, append(pending, enc.Cut()))
			cancel()
			return
		}
	}
}

// upload sends segments in order and returns those still to send.
func (a *agent) upload(ctx context.Context, segs [][]byte) [][]byte {
	for len(segs) > 0 {
		if segs[0] == nil {
			segs = segs[1:]
			continue
		}
		err := a.client.samples(ctx, segs[0])
		if err != nil && retryable(err) {
			if n := len(segs) - a.cfg.KeepSegments; n > 0 {
				a.log.Warn("sample upload failing: dropping the oldest segments", "dropped", n, "err", err)
				segs = segs[n:]
			}
			return segs
		}
		if err != nil {
			a.log.Warn("sample segment refused", "err", err, "bytes", len(segs[0]))
		}
		segs = segs[1:]
	}
	return nil
}
