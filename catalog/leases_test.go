package catalog

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"sync"
	"testing"
	"time"
)

func leaseQ(mac string, commit bool) LeaseQuery {
	return LeaseQuery{MAC: mac, Commit: commit, Duration: time.Hour, Hold: time.Minute,
		First: netip.MustParseAddr("10.9.0.100"), Last: netip.MustParseAddr("10.9.0.139")}
}

func TestLeaseEnrolledHostGetsFixedAddress(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	mustHost(t, s, "n1", "52:54:00:00:00:01")
	a, err := s.Lease(ctx, leaseQ("52:54:00:00:00:01", false))
	if err != nil || a.Host != "n1" || !a.IP.IsValid() {
		t.Fatalf("Lease = %+v, %v", a, err)
	}
	s.clock.Advance(48 * time.Hour) // long past any lease: a fixed address does not expire
	for i := range 3 {
		b, err := s.Lease(ctx, leaseQ("52:54:00:00:00:01", i%2 == 0))
		if err != nil || b.IP != a.IP {
			t.Fatalf("renewal %d = %+v, %v; want %s", i, b, err, a.IP)
		}
	}
	h, _ := s.Host(ctx, "n1")
	if h.IP != a.IP.String() {
		t.Errorf("host ip = %q, want %s stored", h.IP, a.IP)
	}
	q := leaseQ("52:54:00:00:00:01", true)
	q.Requested = netip.MustParseAddr("10.9.0.139")
	if q.Requested != a.IP {
		if _, err := s.Lease(ctx, q); !errors.Is(err, ErrNotYours) {
			t.Errorf("requesting another address: err = %v, want ErrNotYours", err)
		}
	}
}

func TestLeaseUnknownMACIsDiscovered(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	a, err := s.Lease(ctx, leaseQ("52:54:00:00:00:aa", true))
	if err != nil {
		t.Fatal(err)
	}
	h, err := s.Host(ctx, a.Host)
	if err != nil || h.State != HostNew || h.MACs[0] != "52:54:00:00:00:aa" {
		t.Fatalf("discovered host = %+v, %v", h, err)
	}
	b, _ := s.Lease(ctx, leaseQ("52:54:00:00:00:aa", true))
	if b.IP != a.IP {
		t.Fatalf("renewal got %s, want %s", b.IP, a.IP)
	}
	evs, _ := s.ListEvents(ctx, EventFilter{Kind: "host.discovered"})
	if len(evs) != 1 {
		t.Errorf("%d host.discovered events, want exactly 1", len(evs))
	}
}

func TestLeaseNeverSharesAnAddress(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	q := leaseQ("", true)
	q.First, q.Last = netip.MustParseAddr("10.9.0.100"), netip.MustParseAddr("10.9.0.139") // 40 addresses
	var mu sync.Mutex
	owner := map[netip.Addr]string{}
	full := 0
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			mac := fmt.Sprintf("52:54:00:00:01:%02x", i)
			if i%2 == 0 {
				mustHost(t, s, fmt.Sprintf("h%d", i), mac)
			}
			qq := q
			qq.MAC = mac
			a, err := s.Lease(ctx, qq)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case errors.Is(err, ErrRangeFull):
				full++
			case err != nil:
				t.Errorf("%s: %v", mac, err)
			case owner[a.IP] != "":
				t.Errorf("%s given to %s and %s", a.IP, owner[a.IP], mac)
			default:
				owner[a.IP] = mac
			}
		})
	}
	wg.Wait()
	if len(owner) != 40 || full != 10 {
		t.Fatalf("%d addresses handed out, %d refused; want 40 and 10", len(owner), full)
	}
}

func TestLeaseExpiresThenReused(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	q := leaseQ("52:54:00:00:00:01", true)
	q.Last = q.First // a range of one
	a, err := s.Lease(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	q2 := q
	q2.MAC = "52:54:00:00:00:02"
	if _, err := s.Lease(ctx, q2); !errors.Is(err, ErrRangeFull) {
		t.Fatalf("second MAC while the lease lives: err = %v, want ErrRangeFull", err)
	}
	s.clock.Advance(2 * time.Hour)
	b, err := s.Lease(ctx, q2)
	if err != nil || b.IP != a.IP {
		t.Fatalf("after expiry = %+v, %v; want %s", b, err, a.IP)
	}
}

func TestLeasesSurviveReopen(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	a, _ := s.Lease(ctx, leaseQ("52:54:00:00:00:0b", true))
	s.Close()
	s2, err := Open(ctx, Config{Path: s.path, Now: s.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	b, err := s2.Lease(ctx, leaseQ("52:54:00:00:00:0b", true))
	if err != nil || b.IP != a.IP {
		t.Fatalf("after reopen = %+v, %v; want %s", b, err, a.IP)
	}
}

func TestReleaseLeaseOnlyByItsHolder(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	a, err := s.Lease(ctx, leaseQ("52:54:00:00:00:01", true))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ReleaseLease(ctx, "52:54:00:00:00:02", a.IP, false, time.Minute); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, s, "dhcp_leases"); n != 1 {
		t.Fatalf("another MAC's RELEASE removed the lease (%d rows left)", n)
	}
	if err := s.ReleaseLease(ctx, "52:54:00:00:00:01", a.IP, true, time.Minute); err != nil {
		t.Fatal(err)
	}
	q := leaseQ("52:54:00:00:00:02", true)
	q.Requested = a.IP
	if _, err := s.Lease(ctx, q); !errors.Is(err, ErrNotYours) {
		t.Errorf("a declined address was given out at once: err = %v, want ErrNotYours", err)
	}
	s.clock.Advance(2 * time.Minute)
	if b, err := s.Lease(ctx, q); err != nil || b.IP != a.IP {
		t.Errorf("after the decline hold: %+v, %v; want %s", b, err, a.IP)
	}
}

func TestOfferNeverShortensALease(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	a, _ := s.Lease(ctx, leaseQ("52:54:00:00:00:01", true)) // one hour
	s.Lease(ctx, leaseQ("52:54:00:00:00:01", false))        // an offer holds for a minute
	s.clock.Advance(10 * time.Minute)
	q := leaseQ("52:54:00:00:00:02", true)
	q.Requested = a.IP
	if _, err := s.Lease(ctx, q); !errors.Is(err, ErrNotYours) {
		t.Errorf("the lease ended with the offer's hold: err = %v, want ErrNotYours", err)
	}
}
