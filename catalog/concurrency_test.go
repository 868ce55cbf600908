package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"sync"
	"testing"
)

// TestConcurrentConflictingTransitions: 200 goroutines push one host along
// random edges at once. Every call either applies with its event or fails
// with a typed error; the events replay to exactly the final state.
func TestConcurrentConflictingTransitions(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	mustHost(t, s, "h1", "52:54:00:00:00:01")
	base := countRows(t, s, "events")
	states := HostStates()
	var applied sync.Map
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Go(func() {
			to := states[rand.IntN(len(states)-1)] // never retired: keep the walk going
			h, err := s.TransitionHost(ctx, "h1", HostTransition{To: to, Actor: "g"})
			var te *TransitionError
			switch {
			case err == nil:
				applied.Store(i, h.State)
			case !errors.As(err, &te):
				t.Errorf("goroutine %d: untyped error %v", i, err)
			}
		})
	}
	wg.Wait()
	n := 0
	applied.Range(func(_, _ any) bool { n++; return true })
	if n == 0 {
		t.Fatal("no transition applied at all")
	}
	evs, err := s.ListEvents(ctx, EventFilter{Since: int64(base), Limit: 1000, Kind: "host.state"})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != n {
		t.Fatalf("%d transitions applied but %d host.state events", n, len(evs))
	}
	replayChain(t, s, evs, HostEnrolled)
}

// replayChain checks that events form one unbroken walk of legal edges
// from start to the host's current state.
func replayChain(t *testing.T, s testStore, evs []Event, start HostState) {
	t.Helper()
	cur := start
	for _, e := range evs {
		var d struct{ From, To string }
		if err := json.Unmarshal(e.Data, &d); err != nil {
			t.Fatal(err)
		}
		from, _ := ParseHostState(d.From)
		to, _ := ParseHostState(d.To)
		if from != cur || !from.CanTransition(to) {
			t.Fatalf("event %d: %s → %s does not follow %s", e.ID, from, to, cur)
		}
		cur = to
	}
	h, err := s.Host(context.Background(), "h1")
	if err != nil || h.State != cur {
		t.Fatalf("host is %s (%v), events end at %s", h.State, err, cur)
	}
}
