package catalog

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// Reserve, release, cancel and extend answer from their write transaction;
// each answer must be exactly what a read right after returns.
func TestReservationAnswersAreWhatAReadSees(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	readyFleet(t, s, 4) // h00 h02 nvidia, h01 h03 amd
	sameAsRead := func(what string, r Reservation, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		read, err := s.Reservation(ctx, r.ID)
		if err != nil || !reflect.DeepEqual(r, read) {
			t.Errorf("%s answered\n%+v\nbut a read gives\n%+v (%v)", what, r, read, err)
		}
	}
	tagged := req("tagged", 2)
	tagged.Tags = map[string]string{"gpu": "nvidia"}
	r, err := s.Reserve(ctx, "ci", req("two", 2))
	sameAsRead("granted reserve", r, err)
	r, err = s.Reserve(ctx, "ci", req("two", 2))
	sameAsRead("retried granted reserve", r, err)
	p, err := s.Reserve(ctx, "ci", tagged)
	sameAsRead("queued reserve", p, err)
	q, err := s.Reserve(ctx, "ci", req("behind", 1))
	sameAsRead("reserve behind the queue", q, err)
	e, err := s.ExtendReservation(ctx, q.ID, 2*time.Hour, "ci", false)
	sameAsRead("extend", e, err)
	c, err := s.ReleaseReservation(ctx, p.ID, "ci", false)
	sameAsRead("cancel", c, err)
	rel, err := s.ReleaseReservation(ctx, r.ID, "ci", false)
	sameAsRead("release", rel, err)
	if rel.State != ResReleased || len(rel.Hosts) != 2 || len(rel.Hosts[0].Checks) != 1 {
		t.Errorf("released reservation %+v: want released with both hosts and their checks", rel)
	}
	if _, err := s.ReleaseReservation(ctx, r.ID, "ci", false); KindOf(err) != KindConflict {
		t.Errorf("second release: %v, want a conflict", err)
	}
	if _, err := s.ReleaseReservation(ctx, q.ID, "someone-else", false); KindOf(err) != KindForbidden {
		t.Errorf("release by another client: %v, want forbidden", err)
	}
}

// A grant's and a release's events are written together: they must still
// come in order, one host.state per host with the host's command id.
func TestGrantAndReleaseEvents(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	readyFleet(t, s, 3)
	r, err := s.Reserve(ctx, "ci", req("three", 3))
	if err != nil || r.State != ResActive {
		t.Fatalf("Reserve = %+v, %v", r, err)
	}
	checkEvents(t, s, "reservation.requested", "host.state", "host.state", "host.state", "reservation.granted")
	if _, err := s.ReleaseReservation(ctx, r.ID, "ci", false); err != nil {
		t.Fatal(err)
	}
	checkEvents(t, s, "host.state", "host.state", "host.state", "reservation.released")
}

// checkEvents: the newest events are kinds, and each host.state event's id
// is its host's command id.
func checkEvents(t *testing.T, s testStore, kinds ...string) {
	t.Helper()
	evs, err := s.ListEvents(context.Background(), EventFilter{Since: s.LastEventID() - int64(len(kinds)), Limit: 1000})
	if err != nil || len(evs) != len(kinds) {
		t.Fatalf("events = %+v, %v; want %d", evs, err, len(kinds))
	}
	for i, e := range evs {
		if e.Kind != kinds[i] {
			t.Errorf("event %d is %s, want %s", i, e.Kind, kinds[i])
		}
		if e.Kind != "host.state" {
			continue
		}
		var cmd int64
		if err := s.w.QueryRow(`SELECT command_id FROM hosts WHERE name = ?`, e.Host).Scan(&cmd); err != nil || cmd != e.ID {
			t.Errorf("host %s: command id %d, want its state event %d (%v)", e.Host, cmd, e.ID, err)
		}
	}
}

// A reservation for a whole large pool: the batched inserts split.
func TestReserveAWholeLargePool(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	readyFleet(t, s, 1)
	cloneReadyHost(t, s, "h00", 2*batchRows+1)
	n := 2*batchRows + 2
	r, err := s.Reserve(ctx, "ci", req("all", n))
	if err != nil || r.State != ResActive || len(r.Hosts) != n {
		t.Fatalf("Reserve(%d) = %s with %d hosts, %v", n, r.State, len(r.Hosts), err)
	}
	rel, err := s.ReleaseReservation(ctx, r.ID, "ci", false)
	if err != nil || len(rel.Hosts) != n {
		t.Fatalf("release = %d hosts, %v", len(rel.Hosts), err)
	}
	if hs, _ := s.ListHosts(ctx, HostFilter{State: HostCleaning}); len(hs) != n {
		t.Errorf("%d hosts cleaning, want %d", len(hs), n)
	}
}

// The reserve and release statements find their rows through indexes: a
// full scan would cost a pass over 10,000 hosts per reservation.
func TestReservationStatementsUseIndexes(t *testing.T) {
	s := newTestStore(t)
	readyFleet(t, s, 2)
	tagged := pendingRes{imageID: 1, c: constraints{Arch: "x86_64", Tags: map[string]string{"gpu": "amd"}}}
	queries := map[string][]any{reservePoolQuery: {1, "lab"}, leaseHostsQuery: {1}, pendingPageQuery: {1, 5, 5, 0, queuePage}}
	for _, p := range []pendingRes{{}, tagged} {
		q, args := eligibleQuery(1, p, 1)
		queries[q] = args
	}
	// Migration 3's partial indexes must still serve the queue and expiry
	// (a sort of the few due rows is fine there).
	sorted := map[string][]any{
		resSelect + ` WHERE r.state = 'active' AND r.expires_at <= ? ORDER BY r.id`: {1},
	}
	for q, args := range sorted {
		for _, d := range queryPlan(t, s, q, args) {
			if strings.HasPrefix(d, "SCAN r") || strings.HasPrefix(d, "SCAN reservations") {
				t.Errorf("plan step %q for %s", d, q)
			}
		}
	}
	for q, args := range queries {
		plan := queryPlan(t, s, q, args)
		for _, d := range plan {
			table := strings.HasPrefix(d, "SCAN ") && !strings.HasPrefix(d, "SCAN (subquery") // not the LIMIT-ed count
			if table || strings.Contains(d, "TEMP B-TREE") {
				t.Errorf("plan step %q in\n%s\nfor %s", d, strings.Join(plan, "\n"), q)
			}
		}
	}
}

func queryPlan(t *testing.T, s testStore, q string, args []any) []string {
	t.Helper()
	rows, err := s.w.Query(`EXPLAIN QUERY PLAN `+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		rows.Scan(&id, &parent, &unused, &detail) //nolint:errcheck // checked by rows.Err
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return plan
}

// A queue longer than a page is granted in order (priority, then arrival),
// behind requests that can never be, when several hosts free up at once
// and as hosts come back one by one.
func TestQueueOrderAcrossPages(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	readyFleet(t, s, 3)
	first, err := s.Reserve(ctx, "ci", req("first", 1))
	if err != nil || first.State != ResActive {
		t.Fatalf("Reserve = %+v, %v", first, err)
	}
	big := req("big", 3) // holds the two ready hosts back until cancelled
	big.Priority = 3
	if big, err := s.Reserve(ctx, "ci", big); err != nil || big.State != ResPending {
		t.Fatalf("big = %+v, %v", big, err)
	}
	for i := range queuePage + 6 { // for hosts that do not exist: the walk must page past them
		never := req(fmt.Sprint("never", i), 1)
		never.Priority, never.Tags = 2, map[string]string{"gpu": "none"}
		if _, err := s.Reserve(ctx, "ci", never); err != nil {
			t.Fatal(err)
		}
	}
	want := queueUp(t, s, 2*queuePage+10)
	since := s.LastEventID()
	bigID, _ := s.Reserve(ctx, "ci", big)
	if _, err := s.ReleaseReservation(ctx, bigID.ID, "ci", false); err != nil { // two hosts free at once
		t.Fatal(err)
	}
	for active := []Reservation{first}; len(active) > 0; {
		for _, r := range active {
			if _, err := s.ReleaseReservation(ctx, r.ID, "ci", false); err != nil {
				t.Fatal(err)
			}
		}
		reverifyCleaning(t, s) // each host turning ready grants the next request
		if active, err = s.ListReservations(ctx, ReservationFilter{States: []string{ResActive}}); err != nil {
			t.Fatal(err)
		}
	}
	evs, _ := s.ListEvents(ctx, EventFilter{Since: since, Kind: "reservation.granted", Limit: 1000})
	var got []string
	for _, e := range evs {
		got = append(got, e.Subject)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("grant order\n%v\nwant\n%v", got, want)
	}
}

// queueUp queues n one-host requests, every third at priority 1, and
// returns their ids in the order they must be granted.
func queueUp(t *testing.T, s testStore, n int) []string {
	t.Helper()
	var high, low []string
	for i := range n {
		r := req(fmt.Sprint("q", i), 1)
		if i%3 == 0 {
			r.Priority = 1
		}
		got, err := s.Reserve(context.Background(), "ci", r)
		if err != nil || got.State != ResPending {
			t.Fatalf("queued reserve %d = %s, %v", i, got.State, err)
		}
		if r.Priority == 1 {
			high = append(high, fmt.Sprint(got.ID))
		} else {
			low = append(low, fmt.Sprint(got.ID))
		}
	}
	return append(high, low...)
}
