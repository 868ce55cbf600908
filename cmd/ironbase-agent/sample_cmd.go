package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"syscall"
	"time"

	"github.com/ironbase/ironbase/testsuite/usage"
)

// runSample samples the host for a while and writes the encoded segment:
// a way to see what a real host costs per hour, and (with --interval 0)
// what one sample costs.
func runSample(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var root, out string
	var dur, every time.Duration
	fs := newFlags("sample", &root)
	fs.DurationVar(&dur, "for", time.Minute, "how long to sample")
	fs.DurationVar(&every, "interval", time.Second, "time between samples; 0 samples back to back (to measure the cost)")
	fs.StringVar(&out, "out", "", "write the encoded segment to this file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	procfs, err := newProcRoot(root)
	if err != nil {
		return fmt.Errorf("sample: %w", err)
	}
	st, err := sampleFor(ctx, newSampler(procfs, time.Now), dur, every)
	if err != nil {
		return err
	}
	n := max(float64(st.n), 1)
	fmt.Fprintf(stdout, "%d samples, %d bytes (%.0f bytes per host-hour at 1 Hz); per sample: %.0f µs wall, %.0f µs CPU, %d processes\n",
		st.n, len(st.seg), float64(len(st.seg))*3600/n, float64(st.wall.Microseconds())/n, float64(st.cpu.Microseconds())/n, st.procs)
	if out == "" {
		return nil
	}
	if err := os.WriteFile(out, st.seg, 0o644); err != nil {
		return fmt.Errorf("sample: %w", err)
	}
	return nil
}

// sampleStats is what a sampling run produced and cost.
type sampleStats struct {
	seg       []byte
	n, procs  int
	wall, cpu time.Duration // spent sampling and encoding, summed
}

// sampleFor samples every interval until dur passes or ctx ends.
func sampleFor(ctx context.Context, s *sampler, dur, every time.Duration) (sampleStats, error) {
	var st sampleStats
	enc := usage.NewEncoder(usage.Config{})
	deadline := time.Now().Add(dur)
	for next := time.Now(); time.Now().Before(deadline) && ctx.Err() == nil; next = next.Add(every) {
		if wait := time.Until(next); wait > 0 {
			select {
			case <-time.After(wait):
			case <-ctx.Done():
			}
		}
		start, cpu0 := time.Now(), cpuTime()
		smp, err := s.sample()
		if err != nil {
			return st, err
		}
		enc.Add(smp)
		st.wall += time.Since(start)
		st.cpu += cpuTime() - cpu0
		st.n, st.procs = st.n+1, len(smp.Procs)
	}
	st.seg = enc.Cut()
	return st, nil
}

// cpuTime is this process's user+system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
