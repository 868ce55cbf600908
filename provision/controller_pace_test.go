package provision

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

// viewCounter is a store with no hosts that counts the controller's passes.
type viewCounter struct {
	lifeStore
	passes atomic.Int64
}

func (v *viewCounter) LifecycleView(context.Context) (catalog.LifeView, error) {
	v.passes.Add(1)
	return catalog.LifeView{}, nil
}

// eventBurst is an event log that announces n events as fast as the
// controller asks, then stays quiet.
type eventBurst struct{ left atomic.Int64 }

func (e *eventBurst) LastEventID() int64 { return 0 }
func (e *eventBurst) WaitEvents(ctx context.Context, since int64) int64 {
	if e.left.Add(-1) >= 0 {
		return since + 1
	}
	<-ctx.Done()
	return since
}

// gateClock stands still; its timers fire only when the test opens them.
type gateClock struct {
	mu     sync.Mutex
	timers []chan time.Time
}

func (c *gateClock) Now() time.Time { return time.Unix(0, 0) }
func (c *gateClock) After(time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	c.timers = append(c.timers, ch)
	return ch
}

// fire fires every timer taken so far.
func (c *gateClock) fire() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, ch := range c.timers {
		ch <- time.Time{}
	}
	c.timers = nil
}

// A burst of events costs one pass per MinPass, not one per event: while
// the clock stands still, 1,000 events give the first pass and nothing
// more; once MinPass has passed, one more pass catches up with all of them.
func TestControllerPacesEventBursts(t *testing.T) {
	store, clock := &viewCounter{}, &gateClock{}
	events := &eventBurst{}
	events.left.Store(1000)
	c := NewController(store, nil, ControllerConfig{Clock: clock, Tick: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx, events) }()
	waitFor(t, func() bool { return events.left.Load() < 0 })
	time.Sleep(50 * time.Millisecond) // would the burst run more passes?
	if n := store.passes.Load(); n != 1 {
		t.Fatalf("%d passes for a burst while the clock stood still, want 1", n)
	}
	clock.fire()
	waitFor(t, func() bool { return store.passes.Load() == 2 })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// eventPerPass announces one event after each pass, like a host that
// changes again as soon as the controller has acted.
type eventPerPass struct{ store *viewCounter }

func (e eventPerPass) LastEventID() int64 { return 0 }
func (e eventPerPass) WaitEvents(ctx context.Context, since int64) int64 {
	for e.store.passes.Load() <= since {
		select {
		case <-ctx.Done():
			return since
		case <-time.After(time.Millisecond):
		}
	}
	return since + 1
}

// The controller is paced, not slowed: with pacing off, every event gets
// its pass; with it on, the same events wait for the clock.
func TestControllerUnpacedRunsPerEvent(t *testing.T) {
	for _, minPass := range []time.Duration{-1, 0} {
		store, clock := &viewCounter{}, &gateClock{}
		c := NewController(store, nil, ControllerConfig{Clock: clock, Tick: time.Hour, MinPass: minPass})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- c.Run(ctx, eventPerPass{store}) }()
		if minPass < 0 {
			waitFor(t, func() bool { return store.passes.Load() >= 100 })
		} else {
			time.Sleep(50 * time.Millisecond)
			if n := store.passes.Load(); n != 1 {
				t.Errorf("paced: %d passes while the clock stood still, want 1", n)
			}
		}
		cancel()
		<-done
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition never held")
		}
	}
}
