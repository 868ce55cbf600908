package catalog

import (
	"context"
	"testing"
	"time"
)

func TestListEventsSinceAndLimit(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	for i := range 5 {
		if _, err := s.AppendEvent(ctx, Event{Kind: "test", Subject: string(rune('a' + i))}); err != nil {
			t.Fatal(err)
		}
	}
	evs, err := s.ListEvents(ctx, EventFilter{Since: 2, Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 2 || evs[0].ID != 3 || evs[1].ID != 4 {
		t.Fatalf("got %+v, want ids 3 and 4", evs)
	}
	if evs[0].Time != s.clock.Now() {
		t.Errorf("event time %v, want the injected clock's %v", evs[0].Time, s.clock.Now())
	}
}

func TestWaitEventsWakesOnCommit(t *testing.T) {
	s := newTestStore(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got := make(chan int64)
	go func() { got <- s.WaitEvents(ctx, 0) }()
	id, err := s.AppendEvent(context.Background(), Event{Kind: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if last := <-got; last != id {
		t.Fatalf("WaitEvents returned %d, want %d", last, id)
	}
}

func TestWaitEventsReturnsOnDeadline(t *testing.T) {
	s := newTestStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if last := s.WaitEvents(ctx, 0); last != 0 {
		t.Fatalf("WaitEvents on an empty log = %d, want 0", last)
	}
}

func TestPruneEventsKeepsIDsMonotonic(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	old, _ := s.AppendEvent(ctx, Event{Kind: "old"})
	s.clock.Advance(31 * 24 * time.Hour)
	kept, _ := s.AppendEvent(ctx, Event{Kind: "new"})
	n, err := s.PruneEvents(ctx)
	if err != nil || n != 1 {
		t.Fatalf("PruneEvents = %d, %v; want 1 removed", n, err)
	}
	next, _ := s.AppendEvent(ctx, Event{Kind: "next"})
	evs, _ := s.ListEvents(ctx, EventFilter{})
	if len(evs) != 2 || evs[0].ID != kept || next <= kept || old >= kept {
		t.Fatalf("after prune got %+v (old=%d kept=%d next=%d)", evs, old, kept, next)
	}
}
