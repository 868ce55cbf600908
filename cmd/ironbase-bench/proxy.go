package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// proxyOptions are the flags of "ironbase-bench proxy".
type proxyOptions struct {
	dhcp          dhcpOptions // Kea's full-mode search (the reference rate)
	period, grace time.Duration
	ipxeDir       string
}

// runProxy measures proxyDHCP (BENCHMARKS.md scenario 2): ironbase in
// proxy mode against our own PXE load generator (perfdhcp cannot drive a
// proxy), at the DORA rate Kea sustains in full mode measured in the same
// run, and the highest rate ironbase's proxy answers with zero drops.
// Kea and ironbase take turns, round by round.
func runProxy(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseProxyFlags(args, stderr)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	if err := o.dhcp.findTools(); err != nil {
		return err
	}
	dir, err := workDir(ctx, "proxy", &o.dhcp.ironbase)
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	o.dhcp.work = dir
	lab, err := newDHCPLab(ctx)
	if err != nil {
		return err
	}
	defer lab.close()
	before := loadAvg()
	rounds, err := o.rounds(ctx, lab, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "command: ironbase-bench proxy %s\n", strings.Join(args, " "))
	printProxy(stdout, o, rounds, before, loadAvg())
	return nil
}

func parseProxyFlags(args []string, stderr io.Writer) (proxyOptions, error) {
	o := proxyOptions{dhcp: dhcpOptions{peers: []string{"kea"}, maxDrop: 0.01}}
	fs := flag.NewFlagSet("proxy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.dhcp.rounds, "rounds", 3, "rounds: in each, Kea's full-mode rate search, then ironbase's proxy trials")
	fs.DurationVar(&o.period, "period", 3*time.Second, "length of one trial at a fixed rate (whole seconds)")
	fs.DurationVar(&o.grace, "grace", time.Second, "how long answers may still arrive after the last DISCOVER")
	fs.Float64Var(&o.dhcp.resolution, "resolution", 0.1, "a search stops when failing/passing rate ≤ 1+resolution")
	fs.Float64Var(&o.dhcp.startRate, "start-rate", 2000, "first rate tried (per second)")
	fs.IntVar(&o.dhcp.keaThreads, "kea-threads", 2, "Kea multi-threading pool size (0: single-threaded)")
	fs.StringVar(&o.dhcp.ironbase, "ironbase", "", "ironbase binary (default: go build ./cmd/ironbase into a temp dir)")
	fs.StringVar(&o.dhcp.perfdhcp, "perfdhcp", "perfdhcp", "perfdhcp binary (Debian kea-admin)")
	fs.StringVar(&o.dhcp.kea, "kea", "kea-dhcp4", "kea-dhcp4 binary (Debian kea-dhcp4-server)")
	fs.StringVar(&o.ipxeDir, "ipxe-dir", "/usr/lib/ipxe", "first-stage binaries for ironbase (Debian ipxe)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	o.dhcp.period = o.period
	if o.dhcp.rounds < 1 || o.period < time.Second || o.period%time.Second != 0 || o.grace <= 0 || o.dhcp.resolution <= 0 || o.dhcp.startRate <= 0 {
		return o, fmt.Errorf("want -rounds ≥ 1, -period whole seconds ≥ 1s, -grace > 0, -resolution > 0, -start-rate > 0")
	}
	return o, nil
}

// proxyRound is one round: Kea's full-mode rate, ironbase's proxy at that
// rate, and ironbase's own highest zero-drop rate.
type proxyRound struct {
	kea         dhcpTrial
	atKea, best proxyResult
	bestRate    float64
}

func (o proxyOptions) rounds(ctx context.Context, lab *dhcpLab, log io.Writer) ([]proxyRound, error) {
	var out []proxyRound
	keaGuess, ibGuess := o.dhcp.startRate, o.dhcp.startRate
	for round := 1; round <= o.dhcp.rounds; round++ {
		d := o.dhcp
		d.rounds, d.startRate = 1, keaGuess
		res, err := searchAll(ctx, d, lab, []*dhcpTarget{d.keaTarget(lab)}, log)
		if err != nil {
			return nil, err
		}
		r := proxyRound{kea: res[0][0].best}
		if r.kea.rate == 0 {
			return nil, fmt.Errorf("round %d: Kea sustained no rate", round)
		}
		keaGuess = r.kea.rate
		if err := o.ironbaseRound(ctx, lab, round, ibGuess, &r, log); err != nil {
			return nil, err
		}
		ibGuess = max(r.bestRate, dhcpMinRate)
		out = append(out, r)
	}
	return out, nil
}

// ironbaseRound starts `ironbase serve --dhcp-mode proxy`, runs a trial at
// Kea's rate, then searches for the highest zero-drop rate.
func (o proxyOptions) ironbaseRound(ctx context.Context, lab *dhcpLab, round int, guess float64, r *proxyRound, log io.Writer) error {
	dir, err := os.MkdirTemp(o.dhcp.work, "proxy-")
	if err != nil {
		return err
	}
	args := []string{"serve", "--data", filepath.Join(dir, "data"), "--http", "0.0.0.0:8080", "--dhcp-mode", "proxy",
		"--dhcp-interface", lab.srvIf, "--ipxe-dir", o.ipxeDir, "--log-level", "warn"}
	p, err := dhcpStartInNS(lab.srvNS, "ironbase", filepath.Join(dir, "ironbase.log"), nil, o.dhcp.ironbase, args...)
	if err != nil {
		return err
	}
	defer p.stop()
	g, err := newProxyLoad(lab)
	if err != nil {
		return err
	}
	defer g.close()
	if err := g.waitAnswering(ctx, p); err != nil {
		return err
	}
	seq := uint32(round) << 4
	trial := func(rate float64) (proxyResult, error) {
		seq++
		res, err := g.trial(ctx, seq, rate, o.period, o.grace)
		fmt.Fprintf(log, "proxy: round %d ironbase offered %6.0f/s  done %6.0f/s  lost %6.2f%%  bad %d  p99 %v %s\n",
			round, rate, float64(res.acks)/o.period.Seconds(), 100*res.lost(), res.bad, res.percentile(0.99).Round(time.Microsecond), res.firstBad)
		if p.exited() {
			return res, fmt.Errorf("ironbase exited during the trial: %v\n%s", p.err, p.logTail())
		}
		return res, err
	}
	if r.atKea, err = trial(r.kea.rate); err != nil {
		return err
	}
	return o.searchZeroDrop(ctx, guess, trial, r)
}

// searchZeroDrop finds the highest rate with no drop and no bad answer.
func (o proxyOptions) searchZeroDrop(ctx context.Context, guess float64, trial func(float64) (proxyResult, error), r *proxyRound) error {
	s := &rateSearch{next: guess, step: 2}
	for !s.done && ctx.Err() == nil {
		rate := s.next
		res, err := trial(rate)
		if err != nil {
			return err
		}
		pass := res.acks == res.sent && res.bad == 0
		if pass && rate > r.bestRate {
			r.best, r.bestRate = res, rate
		}
		s.record(dhcpTrial{rate: rate}, pass, o.dhcp.resolution)
	}
	return ctx.Err()
}
