package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/ironbase/ironbase/testsuite/usage"
)

// runSample samples the host once a second for a while and writes the
// encoded segment: a way to see what a real host costs per hour.
func runSample(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var root, out string
	var dur time.Duration
	fs := newFlags("sample", &root)
	fs.DurationVar(&dur, "for", time.Minute, "how long to sample")
	fs.StringVar(&out, "out", "", "write the encoded segment to this file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	seg, n, err := sampleFor(ctx, newSampler(os.DirFS(root), time.Now), dur)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d samples, %d bytes (%.0f bytes per host-hour)\n", n, len(seg), float64(len(seg))*3600/max(float64(n), 1))
	if out == "" {
		return nil
	}
	if err := os.WriteFile(out, seg, 0o644); err != nil {
		return fmt.Errorf("sample: %w", err)
	}
	return nil
}

// sampleFor runs the sampler at 1 Hz until dur passes or ctx ends.
func sampleFor(ctx context.Context, s *sampler, dur time.Duration) ([]byte, int, error) {
	enc := usage.NewEncoder(usage.Config{})
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	deadline := time.After(dur)
	n := 0
	for {
		smp, err := s.sample()
		if err != nil {
			return nil, n, err
		}
		enc.Add(smp)
		n++
		select {
		case <-tick.C:
		case <-deadline:
			return enc.Cut(), n, nil
		case <-ctx.Done():
			return enc.Cut(), n, nil
		}
	}
}
