package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"time"

	"github.com/ironbase/ironbase/testsuite"
)

// agentConfig tunes the run loop; zero fields take the defaults.
type agentConfig struct {
	BackoffMin   time.Duration // first retry wait (1s)
	BackoffMax   time.Duration // retry waits are capped here (1m)
	StaleWait    time.Duration // wait before exiting on a refused token (5m)
	UploadEvery  time.Duration // sample segment upload period (1m)
	Heartbeat    time.Duration // until the server says otherwise (30s)
	KeepSegments int           // sample segments kept while uploads fail (10)
}

func (c *agentConfig) setDefaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.BackoffMin, time.Second)
	def(&c.BackoffMax, time.Minute)
	def(&c.StaleWait, 5*time.Minute)
	def(&c.UploadEvery, time.Minute)
	def(&c.Heartbeat, 30*time.Second)
	if c.KeepSegments <= 0 {
		c.KeepSegments = 10
	}
}

// agent is one boot's agent: hello, the suite, then heartbeats and orders
// until the context ends. Everything it touches is injected: the client
// (and its http.Client), the runner, /proc for the sampler, power, the
// logger, randomness and the clock (the loop's timers are the time
// package's, so tests run it under testing/synctest).
type agent struct {
	cfg    agentConfig
	hello  Hello
	client *client
	run    func(context.Context, *testsuite.Suite) testsuite.Report
	procfs fs.FS // the host root the sampler reads proc/ from
	power  powerer
	log    *slog.Logger
	rand   func() float64
	now    func() time.Time
}

func (a *agent) backoff() *backoff {
	return &backoff{min: a.cfg.BackoffMin, max: a.cfg.BackoffMax, rand: a.rand}
}

// loop is the state of the order loop.
type loop struct {
	order    order
	done     int64      // the last command id executed
	suite    chan error // set while a suite runs
	again    bool       // a retest came while a suite was running
	sampling *samplingRun
}

// serve runs the agent: hello (retried until accepted), the suite, then
// the heartbeat and order loop. It returns nil when ctx ends; a refused
// token (a stale boot) waits cfg.StaleWait and returns an exit status 3.
func (a *agent) serve(ctx context.Context) error {
	var o order
	err := a.retry(ctx, "hello", func(ctx context.Context) (err error) {
		o, err = a.client.hello(ctx, a.hello)
		return err
	})
	if err != nil {
		return a.fail(ctx, err)
	}
	a.log.Info("hello accepted", "heartbeat", o.Heartbeat.Std(), "sample", o.Sample)
	l := &loop{order: o}
	if o.Command == "retest" {
		l.done = o.ID // the boot's first run is that retest
	}
	lctx, cancel := context.WithCancel(ctx) // ends a running suite when the loop does
	a.startSuite(lctx, l)
	err = a.orders(lctx, l)
	cancel()
	if l.sampling != nil {
		l.sampling.stop()
	}
	if l.suite != nil {
		<-l.suite
	}
	return a.fail(ctx, err)
}

// orders heartbeats and follows the server's orders until ctx ends.
func (a *agent) orders(ctx context.Context, l *loop) error {
	beat := time.NewTimer(a.interval(l.order))
	defer beat.Stop()
	for {
		if err := a.follow(ctx, l); err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return nil
		case err := <-l.suite:
			l.suite = nil
			if errors.Is(err, errStale) {
				return err
			}
			if l.again {
				l.again = false
				a.startSuite(ctx, l)
			}
		case <-beat.C:
			o, err := a.client.heartbeat(ctx)
			switch {
			case errors.Is(err, errStale):
				return err
			case err != nil && ctx.Err() == nil:
				a.log.Warn("heartbeat failed; trying again at the next beat", "err", err)
			case err == nil:
				l.order = o
			}
			beat.Reset(a.interval(l.order))
		}
	}
}

// interval is the heartbeat period: the server's, at least a second.
func (a *agent) interval(o order) time.Duration {
	if o.Heartbeat <= 0 {
		return a.cfg.Heartbeat
	}
	return max(o.Heartbeat.Std(), time.Second)
}

// fail turns how the agent ended into run's error: nil when ctx ended.
// Otherwise the agent pauses cfg.StaleWait first, so init's respawn loop
// does not hammer the server with what will be refused again: a refused
// token (the boot is stale) exits 3, any other refusal (a hello the
// server will not take) exits 1.
func (a *agent) fail(ctx context.Context, err error) error {
	if err == nil || ctx.Err() != nil {
		return nil
	}
	msg := "the server refused this agent; exiting after a pause"
	if errors.Is(err, errStale) {
		msg = "the server refused this boot's token: the host was booted again or the token is not its own; exiting after a pause"
	}
	a.log.Error(msg, "err", err, "pause", a.cfg.StaleWait)
	if sleep(ctx, a.cfg.StaleWait) != nil {
		return nil
	}
	err = fmt.Errorf("%w (waited %v before exiting)", err, a.cfg.StaleWait)
	if errors.Is(err, errStale) {
		return &exitError{3, err}
	}
	return err
}
