package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

// powerOptions are the flags of "ironbase-bench power".
type powerOptions struct {
	bmcs, rounds, warm, seqRounds int
	limits                        []int
	confirm                       time.Duration
	ipmitool                      string
	farm                          int // internal: run as the BMC farm
	verbose                       bool
}

// runPower sweeps the power status of N simulated BMCs (go-ipmi's BMC
// server, in a child process) with ironbase (power.BMC over power/ipmi,
// one shared power.Limiter, sessions kept open) and with ipmitool (one
// process per query, as many at once as the limit), alternating round by
// round, and prints medians in sweeps/s and the ratio ironbase/ipmitool
// (above 1 means ironbase was faster).
func runPower(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o powerOptions
	limits := "16,64"
	fs := flag.NewFlagSet("power", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.bmcs, "bmcs", 200, "simulated BMCs")
	fs.IntVar(&o.rounds, "rounds", 5, "rounds (each: ipmitool sweep, then ironbase cold + warm sweeps, per limit)")
	fs.IntVar(&o.warm, "warm", 5, "warm ironbase sweeps per round and limit (sessions already open)")
	fs.IntVar(&o.seqRounds, "seq-rounds", 3, "rounds that also run a sequential ipmitool loop (0: none)")
	fs.StringVar(&limits, "limits", limits, "global limits to measure (power.Limiter size = ipmitool parallelism)")
	fs.DurationVar(&o.confirm, "confirm-delay", 500*time.Millisecond,
		"power.BMCConfig.ConfirmDelay (the cold sweep confirms each first reading after this pause)")
	fs.StringVar(&o.ipmitool, "ipmitool", "ipmitool", "ipmitool binary (Debian package ipmitool)")
	fs.BoolVar(&o.verbose, "v", false, "print every sweep to stderr")
	fs.IntVar(&o.farm, farmFlag, 0, "internal: serve this many BMCs, print their ports, exit at EOF on stdin")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.farm > 0 {
		return serveFarm(o.farm, os.Stdin, stdout)
	}
	var err error
	if o.limits, err = parseLimits(limits); err != nil {
		return err
	}
	if o.bmcs < 1 || o.rounds < 1 || o.warm < 1 {
		return errors.New("-bmcs, -rounds and -warm must be at least 1")
	}
	farm, err := startFarm(ctx, o.bmcs, stderr)
	if err != nil {
		return err
	}
	defer farm.stop()
	if err := checkIpmitool(ctx, o.ipmitool, farm.ports[0]); err != nil {
		return fmt.Errorf("ipmitool against the go-ipmi BMC server: %w", err)
	}
	return powerRounds(ctx, o, farm, stdout, stderr)
}

func parseLimits(s string) ([]int, error) {
	var ls []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-limits: bad limit %q", f)
		}
		ls = append(ls, n)
	}
	return ls, nil
}

// powerSamples are one limit's measurements over all rounds.
type powerSamples struct {
	peer, cold, warm []sweepResult
}

func powerRounds(ctx context.Context, o powerOptions, farm *bmcFarm, w, stderr io.Writer) error {
	logw := sweepLog{w: stderr, all: o.verbose}
	fmt.Fprintf(w, "power: %d BMCs (go-ipmi %s BMC server, one child process, pid %d), lanplus cipher suite %d\n",
		o.bmcs, goIPMIVersion(), farm.pid(), powerSuite)
	fmt.Fprintf(w, "%d rounds; per round and limit: 1 ipmitool sweep, then 1 cold + %d warm ironbase sweeps\n",
		o.rounds, o.warm)
	fmt.Fprintf(w, "load average before: %s\n", loadAvg())
	if err := powerWarmup(ctx, o, farm); err != nil {
		return err
	}
	samples := make([]powerSamples, len(o.limits))
	var seq []sweepResult
	for r := range o.rounds {
		for li, limit := range o.limits {
			s := &samples[li]
			s.peer = append(s.peer, onFarm(farm, func() sweepResult {
				return ipmitoolSweep(ctx, o.ipmitool, farm.ports, limit)
			}))
			logSweep(logw, r, limit, "ipmitool", s.peer)
			fleet, err := newIronFleet(farm.ports, limit, o.confirm)
			if err != nil {
				return err
			}
			s.cold = append(s.cold, onFarm(farm, func() sweepResult { return fleet.sweep(ctx) }))
			logSweep(logw, r, limit, "ironbase cold", s.cold)
			for range o.warm {
				s.warm = append(s.warm, onFarm(farm, func() sweepResult { return fleet.sweep(ctx) }))
				logSweep(logw, r, limit, "ironbase warm", s.warm)
			}
			fleet.close()
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if r < o.seqRounds {
			seq = append(seq, onFarm(farm, func() sweepResult {
				return ipmitoolSweep(ctx, o.ipmitool, farm.ports, 1)
			}))
			logSweep(logw, r, 1, "ipmitool sequential", seq)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "load average after:  %s\n", loadAvg())
	printPower(w, o, samples, seq)
	return nil
}

// onFarm runs fn and records the farm's CPU time during it.
func onFarm(farm *bmcFarm, fn func() sweepResult) sweepResult {
	c0 := procCPU(farm.pid())
	r := fn()
	r.bmcCPU = procCPU(farm.pid()) - c0
	return r
}

// powerWarmup runs one untimed sweep per side (page cache, heap, ARP-free
// loopback paths), like the tftp benchmark's warm-up round.
func powerWarmup(ctx context.Context, o powerOptions, farm *bmcFarm) error {
	ipmitoolSweep(ctx, o.ipmitool, farm.ports, o.limits[0])
	fleet, err := newIronFleet(farm.ports, o.limits[0], o.confirm)
	if err != nil {
		return err
	}
	fleet.sweep(ctx)
	fleet.close()
	return ctx.Err()
}

// logSweep prints the last of rs (with -v).
func logSweep(l sweepLog, rnd, limit int, what string, rs []sweepResult) {
	r := rs[len(rs)-1]
	if r.err != nil {
		fmt.Fprintf(l.w, "round %d limit %d %s: %d failed, first: %v\n", rnd, limit, what, r.fails, r.err)
	}
	if !l.all {
		return
	}
	fmt.Fprintf(l.w, "round %d limit %d %-19s %10s fails %d client CPU %s BMC CPU %s load %s\n",
		rnd, limit, what, round(r.wall), r.fails, round(r.cpu), round(r.bmcCPU), loadAvg())
}

// sweepLog is where sweeps are reported: failures always, every sweep
// with -v.
type sweepLog struct {
	w   io.Writer
	all bool
}

// goIPMIVersion is the go-ipmi module version built in, or "?".
func goIPMIVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == "github.com/bougou/go-ipmi" {
				return cmp.Or(m.Version, "?")
			}
		}
	}
	return "?"
}
