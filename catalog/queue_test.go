package catalog

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"
)

// TestConcurrentReservations: 500 requests (every fifth repeats an earlier
// request id) race for 20 verified hosts. Exactly 20 are granted, no host
// twice, a repeated id gets the same reservation, the rest queue in order
// and are granted in that order as hosts come back.
func TestConcurrentReservations(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	readyFleet(t, s, 20)
	var mu sync.Mutex
	byReq := map[string]int64{}
	var wg sync.WaitGroup
	for i := range 500 {
		wg.Go(func() {
			id := fmt.Sprintf("job-%d", i)
			if i%5 == 4 {
				id = fmt.Sprintf("job-%d", i-1) // a retry racing its original
			}
			r, err := s.Reserve(ctx, "ci", req(id, 1))
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				t.Errorf("%s: %v", id, err)
			} else if prev, ok := byReq[id]; ok && prev != r.ID {
				t.Errorf("%s answered with reservations %d and %d", id, prev, r.ID)
			}
			byReq[id] = r.ID
		})
	}
	wg.Wait()
	all, _ := s.ListReservations(ctx, ReservationFilter{})
	if len(all) != 400 {
		t.Fatalf("%d reservations recorded, want 400 distinct request ids", len(all))
	}
	checkGrants(t, all, 20)
	drainQueue(t, s, all)
}

func checkGrants(t *testing.T, all []Reservation, want int) {
	t.Helper()
	owner := map[string]int64{}
	active := 0
	for _, r := range all {
		if r.State != ResActive {
			continue
		}
		active++
		for _, h := range r.Hosts {
			if prev, ok := owner[h.Host]; ok {
				t.Errorf("host %s in reservations %d and %d", h.Host, prev, r.ID)
			}
			owner[h.Host] = r.ID
		}
	}
	if active != want || len(owner) != want {
		t.Fatalf("%d active reservations on %d hosts, want %d", active, len(owner), want)
	}
}

// drainQueue releases the active reservations, re-verifies their hosts and
// checks the queue is granted in arrival order.
func drainQueue(t *testing.T, s testStore, all []Reservation) {
	t.Helper()
	ctx := context.Background()
	var pending []int64
	for _, r := range all {
		if r.State == ResPending {
			pending = append(pending, r.ID)
		}
	}
	sort.Slice(pending, func(i, j int) bool { return pending[i] < pending[j] })
	for _, r := range all[:5] {
		if r.State != ResActive {
			continue
		}
		rel, err := s.ReleaseReservation(ctx, r.ID, "ci", false)
		if err != nil || rel.State != ResReleased {
			t.Fatalf("release %d: %+v, %v", r.ID, rel, err)
		}
		h := r.Hosts[0].Host
		if got, _ := s.Host(ctx, h); got.State != HostCleaning {
			t.Fatalf("released host %s is %s, want cleaning", h, got.State)
		}
		s.TransitionHost(ctx, h, HostTransition{To: HostVerifying})
		verify(t, s, h, "A", "pass")
	}
	for i, id := range pending[:5] {
		if r, _ := s.Reservation(ctx, id); r.State != ResActive {
			t.Errorf("queued reservation #%d (%d) is %s; the queue must be granted in order", i, id, r.State)
		}
	}
	if r, _ := s.Reservation(ctx, pending[5]); r.State != ResPending {
		t.Errorf("reservation %d jumped the queue", pending[5])
	}
}

func TestLostReplyRetryIsSafe(t *testing.T) {
	s := newTestStore(t)
	readyFleet(t, s, 2)
	a, _ := s.Reserve(context.Background(), "ci", req("build-77", 1))
	b, err := s.Reserve(context.Background(), "ci", req("build-77", 1)) // the reply was lost; the client retries
	if err != nil || b.ID != a.ID || countRows(t, s, "reservations") != 1 || len(b.Hosts) != 1 || b.Hosts[0].Host != a.Hosts[0].Host {
		t.Fatalf("retry = %+v, %v; want the same reservation %d and nothing new", b, err, a.ID)
	}
	if other, _ := s.Reserve(context.Background(), "other-ci", req("build-77", 1)); other.ID == a.ID {
		t.Error("another client's request id collided with ci's")
	}
}

func TestExpiryToTheSecond(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	readyFleet(t, s, 1)
	r, _ := s.Reserve(ctx, "ci", req("short", 1))
	waiting, _ := s.Reserve(ctx, "ci", req("next", 1))
	s.clock.Advance(time.Hour - 5*time.Minute)
	if n, _ := s.ExpireReservations(ctx, 10*time.Minute); n != 0 {
		t.Fatal("expired early")
	}
	if evs, _ := s.ListEvents(ctx, EventFilter{Kind: "reservation.expiring"}); len(evs) != 1 {
		t.Fatalf("%d expiry warnings, want 1", len(evs))
	}
	s.clock.Advance(5*time.Minute - time.Second)
	if n, _ := s.ExpireReservations(ctx, 10*time.Minute); n != 0 {
		t.Fatal("expired a second early")
	}
	s.clock.Advance(time.Second)
	if n, _ := s.ExpireReservations(ctx, 10*time.Minute); n != 1 {
		t.Fatal("did not expire on the second")
	}
	got, _ := s.Reservation(ctx, r.ID)
	if h, _ := s.Host(ctx, got.Hosts[0].Host); got.State != ResExpired || h.State != HostCleaning {
		t.Fatalf("after expiry: reservation %s, host %s", got.State, h.State)
	}
	s.TransitionHost(ctx, h0(got), HostTransition{To: HostVerifying})
	verify(t, s, h0(got), "A", "pass")
	if w, _ := s.Reservation(ctx, waiting.ID); w.State != ResActive {
		t.Errorf("the queue did not advance after expiry: %s", w.State)
	}
	if evs, _ := s.ListEvents(ctx, EventFilter{Kind: "reservation.expiring"}); len(evs) != 1 {
		t.Errorf("the warning was sent %d times", len(evs))
	}
}

func h0(r Reservation) string { return r.Hosts[0].Host }

func TestExtendAndReleaseRules(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	readyFleet(t, s, 1)
	r, _ := s.Reserve(ctx, "ci", req("x", 1))
	if _, err := s.ExtendReservation(ctx, r.ID, 48*time.Hour, "ci", false); !IsKind(err, KindInvalid) {
		t.Errorf("extend past the pool maximum: err = %v", err)
	}
	if _, err := s.ReleaseReservation(ctx, r.ID, "intruder", false); !IsKind(err, KindForbidden) {
		t.Errorf("release by another client: err = %v", err)
	}
	s.clock.Advance(50 * time.Minute)
	e, err := s.ExtendReservation(ctx, r.ID, 2*time.Hour, "ci", false)
	if err != nil || !e.ExpiresAt.Equal(s.clock.Now().Add(2*time.Hour)) {
		t.Fatalf("extend = %v, %v", e.ExpiresAt, err)
	}
	s.ReleaseReservation(ctx, r.ID, "ci", false)
	if _, err := s.ReleaseReservation(ctx, r.ID, "ci", false); !IsKind(err, KindConflict) {
		t.Errorf("second release: err = %v, want conflict", err)
	}
}
