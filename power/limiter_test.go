package power

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
)

// gate is a driver whose reads block until released, counting how many
// are in flight on it and on a shared fleet counter.
type gate struct {
	fleet   *counter
	own     counter
	entered chan struct{}
	release chan struct{}
}

type counter struct{ now, peak atomic.Int32 }

func (c *counter) enter() {
	n := c.now.Add(1)
	for p := c.peak.Load(); n > p && !c.peak.CompareAndSwap(p, n); p = c.peak.Load() {
	}
}

func (g *gate) PowerState(ctx context.Context) (PowerState, error) {
	g.fleet.enter()
	g.own.enter()
	defer g.fleet.now.Add(-1)
	defer g.own.now.Add(-1)
	g.entered <- struct{}{}
	<-g.release
	return StateOn, nil
}

func (g *gate) SetPower(context.Context, Action) error        { return nil }
func (g *gate) SetBootDevice(context.Context, BootSpec) error { return nil }

func TestGlobalAndPerBMCLimits(t *testing.T) {
	const bmcs, callersPerBMC, limit = 6, 3, 2
	fleet := &counter{}
	entered, release := make(chan struct{}), make(chan struct{})
	lim := NewLimiter(limit)
	var gates []*gate
	var wg sync.WaitGroup
	for range bmcs {
		g := &gate{fleet: fleet, entered: entered, release: release}
		gates = append(gates, g)
		b := NewBMC("h", g, BMCConfig{Limiter: lim, Clock: newFakeClock()})
		for range callersPerBMC {
			wg.Go(func() { b.State(context.Background()) })
		}
	}
	// At the start both global slots fill up before anything is released.
	for range limit {
		<-entered
	}
	if n := fleet.now.Load(); n != limit {
		t.Fatalf("%d calls in flight at start, want the limit %d", n, limit)
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	go func() {
		for range limit {
			release <- struct{}{}
		}
	}()
	for {
		select {
		case <-entered:
			if n := fleet.now.Load(); n > limit {
				t.Errorf("%d calls in flight, global limit is %d", n, limit)
			}
			release <- struct{}{}
			continue
		case <-done:
		}
		break
	}
	if p := fleet.peak.Load(); p > limit {
		t.Errorf("fleet peak %d, want at most %d", p, limit)
	}
	for i, g := range gates {
		if p := g.own.peak.Load(); p != 1 {
			t.Errorf("BMC %d: peak %d concurrent calls, want 1", i, p)
		}
	}
}
