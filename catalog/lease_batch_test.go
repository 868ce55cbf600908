package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"sync"
	"testing"
	"time"
)

func TestLeaseBatchAnswersEachQuery(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	mustHost(t, s, "n1", "52:54:00:00:00:01")
	other := leaseQ("52:54:00:00:00:03", true)
	other.Requested = netip.MustParseAddr("10.9.0.120")
	mine := leaseQ("52:54:00:00:00:02", true)
	mine.Requested = netip.MustParseAddr("10.9.0.120") // taken by the query before it
	outside := leaseQ("52:54:00:00:00:04", true)
	outside.Requested = netip.MustParseAddr("10.1.1.1")
	qs := []LeaseQuery{leaseQ("52:54:00:00:00:01", true), other, mine, leaseQ("52:54:00:00:00:03", true), outside}
	res, err := s.LeaseBatch(ctx, qs)
	if err != nil {
		t.Fatal(err)
	}
	if r := res[0]; r.Err != nil || r.Answer.Host != "n1" || !r.Answer.Fixed {
		t.Errorf("enrolled host: %+v, want its fixed address", r)
	}
	if r := res[1]; r.Err != nil || r.Answer.IP != other.Requested || r.Answer.Fixed {
		t.Errorf("unknown MAC asking for a free address: %+v, want a lease on %s", r, other.Requested)
	}
	if r := res[2]; !errors.Is(r.Err, ErrNotYours) {
		t.Errorf("asking for an address the batch just gave away: %+v, want ErrNotYours", r)
	}
	if r := res[3]; r.Err != nil || r.Answer.IP != other.Requested {
		t.Errorf("renewal in the same batch: %+v, want %s again", r, other.Requested)
	}
	if r := res[4]; !errors.Is(r.Err, ErrNotYours) {
		t.Errorf("asking for an address outside the range: %+v, want ErrNotYours", r)
	}
	if n := countRows(t, s, "host_macs WHERE mac = '52:54:00:00:00:02'"); n != 0 {
		t.Errorf("a refused MAC was discovered anyway (%d rows): answers must come before writes", n)
	}
	evs, _ := s.ListEvents(ctx, EventFilter{Kind: "host.discovered"})
	if len(evs) != 1 {
		t.Errorf("%d host.discovered events, want 1 (…:03; …:02 and …:04 were refused)", len(evs))
	}
}

func TestLeaseBatchFailingQueryFailsAlone(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	mustHost(t, s, "mac-525400000002", "52:54:00:00:00:99") // the name …:02 would be discovered as
	qs := []LeaseQuery{leaseQ("52:54:00:00:00:01", true), leaseQ("52:54:00:00:00:02", true), leaseQ("52:54:00:00:00:03", true)}
	res, err := s.LeaseBatch(ctx, qs)
	if err != nil {
		t.Fatal(err)
	}
	if KindOf(res[1].Err) != KindConflict {
		t.Errorf("colliding discovery: err = %v, want a conflict", res[1].Err)
	}
	for _, i := range []int{0, 2} {
		if res[i].Err != nil || !res[i].Answer.IP.IsValid() {
			t.Errorf("query %d: %+v, want a lease despite its neighbour's failure", i, res[i])
		}
	}
	if n := countRows(t, s, "dhcp_leases WHERE mac = '52:54:00:00:00:02'"); n != 0 {
		t.Errorf("the failed query left %d lease rows", n)
	}
	if n := countRows(t, s, "dhcp_leases"); n != 2 {
		t.Errorf("%d lease rows, want 2", n)
	}
}

func TestLeaseBatchCommitFailureFailsEveryQuery(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	// A deferred foreign key violation is only found at COMMIT: every lease
	// write also writes one, so the commit fails after all queries ran.
	for _, q := range []string{
		`CREATE TABLE test_deferred (host_id INTEGER REFERENCES hosts(id) DEFERRABLE INITIALLY DEFERRED)`,
		`CREATE TRIGGER test_fail AFTER INSERT ON dhcp_leases BEGIN INSERT INTO test_deferred VALUES (-1); END`,
	} {
		if _, err := s.w.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	res, err := s.LeaseBatch(ctx, []LeaseQuery{leaseQ("52:54:00:00:00:01", true), leaseQ("52:54:00:00:00:02", true)})
	if !errors.Is(err, ErrLeaseCommit) || res != nil {
		t.Fatalf("LeaseBatch = %v, %v; want no results and ErrLeaseCommit", res, err)
	}
	for _, table := range []string{"dhcp_leases", "hosts", "host_macs", "slots", "events", "test_deferred"} {
		if n := countRows(t, s, table); n != 0 {
			t.Errorf("%s has %d rows after a failed commit, want none", table, n)
		}
	}
	evs, _ := s.ListEvents(ctx, EventFilter{})
	if last, _ := s.events.snapshot(); len(evs) != 0 || last != 0 {
		t.Errorf("events after a failed commit: %d listed, newest announced %d", len(evs), last)
	}
	// The statements stay prepared across transactions, the failed one too.
	if _, err := s.w.Exec(`DROP TRIGGER test_fail`); err != nil {
		t.Fatal(err)
	}
	res, err = s.LeaseBatch(ctx, []LeaseQuery{leaseQ("52:54:00:00:00:01", true)})
	if err != nil || res[0].Err != nil {
		t.Fatalf("after the failed commit: %v, %v; want a lease", res, err)
	}
}

// TestDiscoverMatchesCreateHost keeps the lease path's own discovery
// statements in step with insertHost, insertHostParts and appendEvent.
func TestDiscoverMatchesCreateHost(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	if _, err := s.Lease(ctx, leaseQ("52:54:00:00:00:01", false)); err != nil {
		t.Fatal(err)
	}
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error { // the general path, as discovery used to be written
		nh := NewHost{Name: "mac-525400000002", MACs: []string{"52:54:00:00:00:02"}, Arch: "x86_64", Firmware: "bios"}
		id, err := s.insertHost(ctx, tx, nh, HostNew)
		if err != nil {
			return err
		}
		if err := s.insertHostParts(ctx, tx, id, nh); err != nil {
			return err
		}
		_, err = s.appendEvent(ctx, tx, Event{Kind: "host.discovered", Host: nh.Name, Actor: "dhcp",
			Data: eventData(map[string]any{"state": HostNew, "mac": "52:54:00:00:00:02"})})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	a, errA := s.Host(ctx, "mac-525400000001")
	b, errB := s.Host(ctx, "mac-525400000002")
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	a.ID, a.Name, a.MACs, b.ID, b.Name, b.MACs = 0, "", nil, 0, "", nil
	if fmt.Sprintf("%+v", a) != fmt.Sprintf("%+v", b) {
		t.Errorf("discovered by the lease path:\n%+v\nby insertHost:\n%+v", a, b)
	}
	evs, _ := s.ListEvents(ctx, EventFilter{Kind: "host.discovered"})
	if len(evs) != 2 || string(evs[0].Data) != `{"mac":"52:54:00:00:00:01","state":"new"}` ||
		string(evs[1].Data) != `{"mac":"52:54:00:00:00:02","state":"new"}` {
		t.Errorf("events: %+v", evs)
	}
}

// TestLeaseBatchNeverSharesAnAddress runs random batches from several
// goroutines over a small range: enrolled and unknown MACs, requests for
// random addresses, time passing. No address may ever be answered to two
// MACs at once, and the catalog must agree with the answers.
func TestLeaseBatchNeverSharesAnAddress(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	first, last := netip.MustParseAddr("10.9.0.100"), netip.MustParseAddr("10.9.0.115") // 16 addresses
	const macs = 24
	mac := func(i int) string { return fmt.Sprintf("52:54:00:00:02:%02x", i) }
	for i := 0; i < macs; i += 4 {
		mustHost(t, s, fmt.Sprintf("h%d", i), mac(i))
	}
	var mu sync.Mutex
	holder := map[netip.Addr]string{} // address → MAC it was last answered to
	cur := map[string]netip.Addr{}    // MAC → its last answer
	until := map[string]time.Time{}   // MAC → when its answer expires (zero: fixed)
	for round := range 6 {
		var wg sync.WaitGroup
		for g := range 4 {
			wg.Go(func() {
				rng := rand.New(rand.NewPCG(uint64(round), uint64(g)))
				for range 10 {
					qs := make([]LeaseQuery, 1+rng.IntN(6))
					for i := range qs {
						qs[i] = LeaseQuery{MAC: mac(rng.IntN(macs)), Commit: rng.IntN(3) > 0, Duration: time.Minute,
							Hold: 10 * time.Second, First: first, Last: last}
						if rng.IntN(2) == 0 {
							qs[i].Requested = fromU32(toU32(first) + uint32(rng.IntN(18)))
						}
					}
					res, err := s.LeaseBatch(ctx, qs)
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					for i, r := range res {
						if r.Err != nil {
							if !errors.Is(r.Err, ErrNotYours) && !errors.Is(r.Err, ErrRangeFull) {
								t.Errorf("%s: %v", qs[i].MAC, r.Err)
							}
							continue
						}
						now := s.clock.Now()
						if h, ok := holder[r.Answer.IP]; ok && h != qs[i].MAC && (until[h].IsZero() || now.Before(until[h])) {
							t.Errorf("round %d: %s answered to %s while %s holds it until %v", round, r.Answer.IP, qs[i].MAC, h, until[h])
						}
						if old, ok := cur[qs[i].MAC]; ok && old != r.Answer.IP && holder[old] == qs[i].MAC {
							delete(holder, old)
						}
						holder[r.Answer.IP], cur[qs[i].MAC] = qs[i].MAC, r.Answer.IP
						switch {
						case r.Answer.Fixed:
							until[qs[i].MAC] = time.Time{}
						case qs[i].Commit:
							until[qs[i].MAC] = now.Add(time.Minute)
						case until[qs[i].MAC].Before(now.Add(10 * time.Second)):
							until[qs[i].MAC] = now.Add(10 * time.Second) // an offer never shortens a lease
						}
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		s.clock.Advance(time.Duration(round%3) * 20 * time.Second)
	}
	var dup int
	if err := s.r.QueryRow(`SELECT COUNT(*) FROM dhcp_leases l JOIN hosts h ON h.ip = l.ip
		WHERE l.expires_at > ?`, s.clock.Now().UnixNano()).Scan(&dup); err != nil || dup != 0 {
		t.Errorf("%d live leases on fixed addresses (%v)", dup, err)
	}
}
