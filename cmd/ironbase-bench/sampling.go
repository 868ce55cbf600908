package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

type samplingOptions struct {
	procs, rounds, psRuns int
	burst, hour           time.Duration
	agent                 string
}

// runSampling measures the agent's 1 Hz resource sampler (BENCHMARKS.md
// scenario 9) against `ps -eo pid,rss,vsz,pcpu,comm` on the same process
// table: the cost of one sample (wall and CPU; ps includes its fork and
// exec, which is what sampling with ps costs), alternating, medians; and
// the bytes a host-hour of samples takes, extrapolated from a run at 1 Hz.
func runSampling(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o samplingOptions
	fs := flag.NewFlagSet("sampling", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.procs, "procs", 500, "idle processes started so the table looks like a busy host")
	fs.IntVar(&o.rounds, "rounds", 5, "rounds of ps then the agent")
	fs.IntVar(&o.psRuns, "ps-runs", 20, "ps invocations per round")
	fs.DurationVar(&o.burst, "burst", 2*time.Second, "agent sampling back to back per round")
	fs.DurationVar(&o.hour, "storage-for", time.Minute, "agent sampling at 1 Hz to measure bytes per host-hour")
	fs.StringVar(&o.agent, "agent", "", "ironbase-agent binary (default: go build ./cmd/ironbase-agent)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "ironbase-bench-sampling-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if o.agent == "" {
		o.agent = filepath.Join(dir, "ironbase-agent")
		if out, err := exec.CommandContext(ctx, "go", "build", "-o", o.agent, "github.com/ironbase/ironbase/cmd/ironbase-agent").CombinedOutput(); err != nil {
			return fmt.Errorf("go build ironbase-agent: %w\n%s", err, out)
		}
	}
	stop, err := idleProcs(o.procs)
	defer stop()
	if err != nil {
		return err
	}
	return o.measure(ctx, stdout)
}

// idleProcs starts n sleeping processes; stop kills them.
func idleProcs(n int) (stop func(), err error) {
	var cmds []*exec.Cmd
	stop = func() {
		for _, c := range cmds {
			c.Process.Kill()
			c.Wait()
		}
	}
	for range n {
		c := exec.Command("sleep", "3600")
		if err := c.Start(); err != nil {
			return stop, fmt.Errorf("start idle process: %w", err)
		}
		cmds = append(cmds, c)
	}
	return stop, nil
}

type sampleCost struct{ wall, cpu float64 } // µs per sample

func (o samplingOptions) measure(ctx context.Context, w io.Writer) error {
	before := loadAvg()
	var ps, ib []sampleCost
	for r := 1; r <= o.rounds && ctx.Err() == nil; r++ {
		p, err := psCost(ctx, o.psRuns)
		if err != nil {
			return err
		}
		a, _, err := o.agentRun(ctx, o.burst, 0)
		if err != nil {
			return err
		}
		ps, ib = append(ps, p), append(ib, a)
		fmt.Fprintf(w, "round %d: ps %.0f µs wall %.0f µs CPU; agent %.0f µs wall %.0f µs CPU\n", r, p.wall, p.cpu, a.wall, a.cpu)
	}
	_, perHour, err := o.agentRun(ctx, o.hour, time.Second)
	if err != nil {
		return err
	}
	pw, pc := medianOf(ps, func(c sampleCost) float64 { return c.wall }), medianOf(ps, func(c sampleCost) float64 { return c.cpu })
	aw, ac := medianOf(ib, func(c sampleCost) float64 { return c.wall }), medianOf(ib, func(c sampleCost) float64 { return c.cpu })
	fmt.Fprintf(w, "command: ironbase-bench sampling -procs %d -rounds %d; load %s → %s\n", o.procs, o.rounds, before, loadAvg())
	fmt.Fprintln(w, "| per sample | ps -eo pid,rss,vsz,pcpu,comm | ironbase-agent sampler | ratio (ps ÷ agent, goal ≥ 5) |")
	fmt.Fprintln(w, "|---|---|---|---|")
	fmt.Fprintf(w, "| wall | %.0f µs | %.0f µs | %.1f |\n", pw, aw, pw/aw)
	fmt.Fprintf(w, "| CPU | %.0f µs | %.0f µs | %.1f |\n", pc, ac, pc/ac)
	fmt.Fprintf(w, "storage: %.0f bytes per host-hour (1 Hz for %v, extrapolated; goal ≤ 100000)\n", perHour, o.hour)
	return nil
}

func medianOf(cs []sampleCost, f func(sampleCost) float64) float64 {
	v := make([]float64, len(cs))
	for i, c := range cs {
		v[i] = f(c)
	}
	return medianF(v)
}

// psCost runs ps n times, one after another: µs per run.
func psCost(ctx context.Context, n int) (sampleCost, error) {
	var c sampleCost
	for range n {
		cmd := exec.CommandContext(ctx, "ps", "-eo", "pid,rss,vsz,pcpu,comm")
		cmd.Stdout = io.Discard
		start := time.Now()
		if err := cmd.Run(); err != nil {
			return c, fmt.Errorf("ps (Debian package procps): %w", err)
		}
		c.wall += float64(time.Since(start).Microseconds())
		c.cpu += float64((cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Microseconds())
	}
	return sampleCost{c.wall / float64(n), c.cpu / float64(n)}, nil
}

var agentLine = regexp.MustCompile(`(\d+) samples, (\d+) bytes .*per sample: (\d+) µs wall, (\d+) µs CPU`)

// agentRun runs `ironbase-agent sample` and returns its per-sample cost
// and its bytes per host-hour.
func (o samplingOptions) agentRun(ctx context.Context, d, every time.Duration) (sampleCost, float64, error) {
	out, err := exec.CommandContext(ctx, o.agent, "sample", "--for", d.String(), "--interval", every.String()).CombinedOutput()
	m := agentLine.FindStringSubmatch(string(out))
	if err != nil || m == nil {
		return sampleCost{}, 0, fmt.Errorf("ironbase-agent sample: %v: %s", err, strings.TrimSpace(string(out)))
	}
	n, _ := strconv.ParseFloat(m[1], 64)
	bytes, _ := strconv.ParseFloat(m[2], 64)
	wall, _ := strconv.ParseFloat(m[3], 64)
	cpu, _ := strconv.ParseFloat(m[4], 64)
	return sampleCost{wall, cpu}, bytes * 3600 / max(n, 1), nil
}
