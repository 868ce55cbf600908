package provision

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

// The model-based test: the real controller and the real store run against
// a simulated fleet (simhost_test.go) through random fault sequences; after
// every step the invariants of DESIGN.md are checked, and once the faults
// stop every host must converge to ready, or to quarantined with a reason.
//
// A sequence is one pool with 3-5 hosts, its own images and its own random
// source; batchSize sequences share one store and one controller (pools
// are independent, so they do not see each other), which keeps 10,000
// sequences affordable; batches run in parallel. MODEL_SEQUENCES sets the
// number: default 10000, or 400 under -race or -short (the race detector
// makes a sequence four times slower; `make test` runs the full 10,000
// without it, then everything with it). A failure prints the sequence's
// seed and history; MODEL_SEED=N replays that sequence alone.
func TestModel(t *testing.T) {
	n := 10000
	if testing.Short() || raceEnabled {
		n = 400
	}
	if v, err := strconv.Atoi(os.Getenv("MODEL_SEQUENCES")); err == nil {
		n = v
	}
	first := uint64(1)
	if v, err := strconv.ParseUint(os.Getenv("MODEL_SEED"), 10, 64); err == nil {
		first, n = v, 1
	}
	var mu sync.Mutex
	stats := map[string]int{}
	t.Run("batches", func(t *testing.T) {
		for lo := first; lo < first+uint64(n); lo += batchSize {
			hi := min(lo+batchSize, first+uint64(n))
			t.Run(fmt.Sprintf("seeds-%d-%d", lo, hi-1), func(t *testing.T) {
				t.Parallel()
				got := map[string]int{}
				runBatch(t, lo, hi, got)
				mu.Lock()
				for k, v := range got {
					stats[k] += v
				}
				mu.Unlock()
			})
		}
	})
	t.Logf("%d sequences; hosts at the end: %v", n, stats)
}

const (
	batchSize     = 50
	faultTicks    = 60  // ticks with random operations and faults
	convergeTicks = 300 // ticks allowed to converge once faults stop
	tick          = 5 * time.Second
)

// batch is the shared part of the sequences that run together.
type batch struct {
	t         *testing.T
	store     *catalog.Store
	clock     *fakeClock
	ctrl      *Controller
	pw        *simPower
	hosts     map[string]*simHost
	behaviour map[string]string
	images    map[string]catalog.ImageState // image states, followed through the event log
	lastEvent int64
	sims      []*sim
}

func runBatch(t *testing.T, lo, hi uint64, stats map[string]int) {
	b := &batch{t: t, clock: &fakeClock{now: simEpoch}, hosts: map[string]*simHost{}, behaviour: map[string]string{},
		images: map[string]catalog.ImageState{}}
	b.store = openSimStore(t, b.clock)
	defer b.store.Close()
	b.pw = &simPower{s: b}
	b.ctrl = NewController(b.store, b.pw, ControllerConfig{Clock: b.clock, Tick: tick, // simulated hosts boot in 7s
		DHCPTimeout: 20 * time.Second, HelloTimeout: 30 * time.Second, SuiteTimeout: 30 * time.Second})
	for seed := lo; seed < hi; seed++ {
		b.sims = append(b.sims, newSim(b, seed))
	}
	for i := 0; i < faultTicks && !t.Failed(); i++ {
		for _, s := range b.sims {
			s.randomOp()
		}
		b.checkInvariants()
		b.step()
	}
	for _, s := range b.sims {
		s.heal()
	}
	b.converge(stats)
}

func (b *batch) converge(stats map[string]int) {
	pending := slices.Clone(b.sims)
	for i := 0; i <= convergeTicks && len(pending) > 0 && !b.t.Failed(); i++ {
		v, err := b.store.LifecycleView(context.Background())
		if err != nil {
			b.t.Fatal(err)
		}
		pending = slices.DeleteFunc(pending, func(s *sim) bool { return s.converged(v, stats) })
		if i < convergeTicks {
			b.step()
		}
	}
	for _, s := range pending {
		s.failf("no convergence %s after the faults stopped: %s", time.Duration(convergeTicks)*tick, s.fleet())
	}
}

// step is one tick: the controller's pass and its power jobs, the clock,
// the hosts, the lease expiry, then the invariants.
func (b *batch) step() {
	ctx := context.Background()
	if err := b.ctrl.Step(ctx); err != nil {
		b.t.Fatalf("controller: %v", err)
	}
	b.ctrl.Settle()
	b.clock.advance(tick)
	for _, s := range b.sims {
		for _, n := range s.names {
			s.tickHost(ctx, s.hosts[n])
		}
	}
	if _, err := b.store.ExpireReservations(ctx, time.Minute); err != nil {
		b.t.Fatalf("expire: %v", err)
	}
	b.checkInvariants()
}

func (s *sim) failf(format string, args ...any) {
	s.t.Helper()
	s.t.Errorf("MODEL_SEED=%d: %s\nhistory:\n  %s", s.seed, fmt.Sprintf(format, args...), strings.Join(s.history, "\n  "))
}

func (s *sim) note(format string, args ...any) {
	s.history = append(s.history, fmt.Sprintf("t=%s ", s.clock.Now().Sub(simEpoch))+fmt.Sprintf(format, args...))
}

// converged: every host of the sequence is ready without a BMC alert (the
// BMCs are back), or quarantined with a reason. It then adds the
// sequence's outcome to stats.
func (s *sim) converged(v catalog.LifeView, stats map[string]int) bool {
	var mine []catalog.HostView
	for _, h := range v.Hosts {
		if h.Pool != s.pool {
			continue
		}
		if h.State != catalog.HostReady && h.State != catalog.HostQuarantined || strings.HasPrefix(h.Alert, "bmc:") {
			return false
		}
		if h.State == catalog.HostQuarantined && h.Reason == "" {
			s.failf("host %s quarantined without a reason", h.Name)
		}
		mine = append(mine, h)
	}
	for _, h := range mine {
		stats[h.State.String()]++
	}
	stats["canary grants"] += s.canaries
	return true
}

func (s *sim) fleet() string {
	v, _ := s.store.LifecycleView(context.Background())
	var out []string
	for _, h := range v.Hosts {
		if h.Pool == s.pool {
			out = append(out, fmt.Sprintf("%s=%s/%s (%s) alert %q", h.Name, h.State, h.Phase, h.Reason, h.Alert))
		}
	}
	return strings.Join(out, ", ")
}

// modelDir is where the batches' stores live: tmpfs when there is one.
func modelDir(t *testing.T) string {
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		d, err := os.MkdirTemp("/dev/shm", "ironbase-model-")
		if err == nil {
			t.Cleanup(func() { os.RemoveAll(d) })
			return d
		}
	}
	return t.TempDir()
}

var simEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
