package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"time"
)

const (
	dhcpMinRate = 20     // a search that fails here gives up: the server sustains nothing
	dhcpMaxRate = 100000 // and one that passes here stops
)

// dhcpTrial is one perfdhcp run at a fixed offered rate against a fresh server.
type dhcpTrial struct {
	rate float64 // offered DORA/s
	res  perfResult
	cpu  time.Duration // the server's CPU time during the run
	note string        // server-side drop counters, when it has them
	// clientDrops is how many answers perfdhcp's socket overflowed with
	// (the client namespace's UDP RcvbufErrors over the trial): lost DORAs
	// the server did answer. -1: not readable.
	clientDrops int64
}

func (t dhcpTrial) cpuPerDORA() time.Duration {
	if t.res.acks == 0 {
		return 0
	}
	return t.cpu / time.Duration(t.res.acks)
}

// rateSearch finds the highest offered rate a target sustains with at
// most maxDrop lost: it grows or shrinks the rate by step until it has a
// passing and a failing rate, then bisects (geometrically) between them.
type rateSearch struct {
	lo, hi float64   // highest passing, lowest failing offered rate; 0: none yet
	best   dhcpTrial // the trial at lo
	next   float64
	step   float64
	done   bool
}

func (s *rateSearch) record(t dhcpTrial, pass bool, resolution float64) {
	if pass && t.rate > s.lo {
		s.lo, s.best = t.rate, t
	}
	if !pass && (s.hi == 0 || t.rate < s.hi) {
		s.hi = t.rate
	}
	switch {
	case s.hi == 0 && s.lo >= dhcpMaxRate, s.lo == 0 && s.hi <= dhcpMinRate:
		s.done = true
	case s.hi == 0:
		s.next = math.Min(s.lo*s.step, dhcpMaxRate)
	case s.lo == 0:
		s.next = math.Max(s.hi/s.step, dhcpMinRate)
	case s.hi/s.lo <= 1+resolution:
		s.done = true
	default:
		s.next = math.Sqrt(s.lo * s.hi)
	}
}

// dhcpRound is one target's outcome in one round.
type dhcpRound struct {
	best   dhcpTrial // zero when nothing passed
	trials int
}

// searchAll runs o.rounds rounds; in each, every target gets its own rate
// search, and the targets take turns trial by trial so that load on the
// machine falls on all of them alike. A round starts each search at the
// rate the previous round found.
func searchAll(ctx context.Context, o dhcpOptions, l *dhcpLab, targets []*dhcpTarget, log io.Writer) ([][]dhcpRound, error) {
	results := make([][]dhcpRound, len(targets))
	guess := make([]float64, len(targets))
	for i := range guess {
		guess[i] = o.startRate
	}
	for round := 1; round <= o.rounds; round++ {
		searches := make([]*rateSearch, len(targets))
		for i := range targets {
			step := 1.2
			if round == 1 {
				step = 2
			}
			searches[i] = &rateSearch{next: guess[i], step: step}
		}
		rounds := make([]dhcpRound, len(targets))
		for pending := len(targets); pending > 0; {
			pending = 0
			for i, t := range targets {
				s := searches[i]
				if s.done {
					continue
				}
				tr, err := runDHCPTrial(ctx, o, l, t, s.next)
				if err != nil {
					return nil, fmt.Errorf("%s at %.0f/s: %w", t.name, s.next, err)
				}
				pass := tr.res.lost() <= o.maxDrop
				rounds[i].trials++
				logTrial(log, round, t, tr, dhcpVerdict(pass))
				s.record(tr, pass, o.resolution)
				if !s.done {
					pending++
				}
			}
		}
		for i := range targets {
			rounds[i].best = searches[i].best
			results[i] = append(results[i], rounds[i])
			if searches[i].lo > 0 {
				guess[i] = searches[i].lo
			}
		}
	}
	return results, nil
}

// logTrial writes one trial's line of progress.
func logTrial(log io.Writer, round int, t *dhcpTarget, tr dhcpTrial, verdict string) {
	fmt.Fprintf(log, "dhcp: round %d %-13s offered %6.0f/s  DORA %6.0f/s  lost %6.2f%%  cpu %5.0fµs/DORA  %s  perfdhcp socket overflows: %d  %s\n",
		round, t.name, tr.rate, tr.res.doraPerSec(), 100*tr.res.lost(), float64(tr.cpuPerDORA())/1e3, verdict, tr.clientDrops, tr.note)
}

func dhcpVerdict(pass bool) string {
	if pass {
		return "pass"
	}
	return "FAIL"
}

// runDHCPTrial starts the target with fresh state, waits until it answers
// a probe DORA, offers rate new clients per second for o.period, and stops it.
func runDHCPTrial(ctx context.Context, o dhcpOptions, l *dhcpLab, t *dhcpTarget, rate float64) (dhcpTrial, error) {
	tr := dhcpTrial{rate: math.Round(rate)}
	dir, err := os.MkdirTemp(o.work, "trial-")
	if err != nil {
		return tr, err
	}
	defer os.RemoveAll(dir)
	if err := os.Chmod(dir, 0o755); err != nil {
		return tr, err
	}
	p, err := t.start(ctx, dir)
	if err != nil {
		return tr, err
	}
	defer p.stop()
	if err := waitAnswering(ctx, o, l, p); err != nil {
		return tr, err
	}
	cpu0 := p.cpu()
	drops0, err0 := udpRcvbufDrops(l.cliNS)
	tr.res, err = perfTrial(ctx, o.perfdhcp, l, tr.rate, o.period, o.macList)
	if err != nil {
		return tr, err
	}
	tr.cpu = p.cpu() - cpu0
	tr.clientDrops = -1
	if drops1, err1 := udpRcvbufDrops(l.cliNS); err0 == nil && err1 == nil {
		tr.clientDrops = drops1 - drops0
	}
	if t.metrics != nil {
		tr.note = t.metrics(ctx)
	}
	if p.exited() {
		return tr, fmt.Errorf("%s exited during the trial: %v\n%s", p.name, p.err, p.logTail())
	}
	return tr, nil
}

// waitAnswering probes with single DORAs until the server answers.
func waitAnswering(ctx context.Context, o dhcpOptions, l *dhcpLab, p *dhcpProc) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		if p.exited() {
			return fmt.Errorf("%s exited at start: %v\n%s", p.name, p.err, p.logTail())
		}
		if perfProbe(ctx, o.perfdhcp, l) {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s did not answer a DORA within 30 s\n%s", p.name, p.logTail())
		}
		time.Sleep(100 * time.Millisecond)
	}
}
