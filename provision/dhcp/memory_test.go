package dhcp

import (
	"context"
	"errors"
	"net/netip"
	"testing"
	"time"
)

// newMemory returns a backend leasing .100-.102 on a fake clock.
func newMemory(t *testing.T) (*MemoryBackend, *fakeClock) {
	t.Helper()
	clock := &fakeClock{now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
	be, err := NewMemoryBackend(testFirst, netip.MustParseAddr("10.9.0.102"), clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	return be, clock
}

// lease asks be for an address for mac.
func lease(t *testing.T, be *MemoryBackend, mac string, commit bool, req netip.Addr) (Lease, error) {
	t.Helper()
	return be.Lease(context.Background(), LeaseRequest{MAC: mustMAC(t, mac), Requested: req, Commit: commit, LeaseTime: time.Hour})
}

func mustLease(t *testing.T, be *MemoryBackend, mac string, commit bool) netip.Addr {
	t.Helper()
	l, err := lease(t, be, mac, commit, netip.Addr{})
	if err != nil {
		t.Fatalf("lease for %s: %v", mac, err)
	}
	return l.IP
}

func TestMemoryFixedHost(t *testing.T) {
	be, _ := newMemory(t)
	fixed := netip.MustParseAddr("10.9.0.101") // inside the range
	if err := be.AddHost(mustMAC(t, knownMAC), fixed, "host-1"); err != nil {
		t.Fatal(err)
	}
	l, err := lease(t, be, knownMAC, true, netip.Addr{})
	if err != nil || l.IP != fixed || l.HostID != "host-1" {
		t.Fatalf("got %+v, %v; want %v for host-1", l, err, fixed)
	}
	if _, err := lease(t, be, knownMAC, true, testFirst); !errors.Is(err, ErrAddressUnavailable) {
		t.Errorf("requesting another address: got %v, want ErrAddressUnavailable", err)
	}
	if got := mustLease(t, be, "52:54:00:00:00:02", true); got == fixed {
		t.Errorf("unknown MAC got the fixed address %v", got)
	}
	if err := be.AddHost(mustMAC(t, "52:54:00:00:00:03"), fixed, "host-3"); err == nil {
		t.Error("a second host got the same fixed address")
	}
}

func TestMemoryRenewKeepsAddress(t *testing.T) {
	be, clock := newMemory(t)
	first := mustLease(t, be, "52:54:00:00:00:02", false)
	if got := mustLease(t, be, "52:54:00:00:00:02", true); got != first {
		t.Fatalf("request after offer: got %v, want %v", got, first)
	}
	clock.Advance(50 * time.Minute)
	if got := mustLease(t, be, "52:54:00:00:00:02", true); got != first {
		t.Errorf("renewal: got %v, want %v", got, first)
	}
	if got := len(be.Discovered()); got != 1 {
		t.Errorf("discovered: got %d MACs, want 1", got)
	}
}

func TestMemoryNeverSharesAddress(t *testing.T) {
	be, _ := newMemory(t)
	owner := map[netip.Addr]string{}
	for _, mac := range []string{"52:54:00:00:00:02", "52:54:00:00:00:03", "52:54:00:00:00:04"} {
		ip := mustLease(t, be, mac, true)
		if prev, ok := owner[ip]; ok {
			t.Fatalf("%v given to %s and %s", ip, prev, mac)
		}
		owner[ip] = mac
	}
	if _, err := lease(t, be, "52:54:00:00:00:05", false, netip.Addr{}); !errors.Is(err, ErrNoAddress) {
		t.Errorf("full range: got %v, want ErrNoAddress", err)
	}
	if _, err := lease(t, be, "52:54:00:00:00:05", true, testFirst); !errors.Is(err, ErrAddressUnavailable) {
		t.Errorf("requesting a leased address: got %v, want ErrAddressUnavailable", err)
	}
}

func TestMemoryExpiry(t *testing.T) {
	be, clock := newMemory(t)
	for _, mac := range []string{"52:54:00:00:00:02", "52:54:00:00:00:03", "52:54:00:00:00:04"} {
		mustLease(t, be, mac, true)
	}
	clock.Advance(time.Hour)
	reused := mustLease(t, be, "52:54:00:00:00:05", true)
	if reused != testFirst {
		t.Fatalf("after expiry: got %v, want the expired %v", reused, testFirst)
	}
	if got := mustLease(t, be, "52:54:00:00:00:02", true); got == reused {
		t.Errorf("old owner got %v back while the new owner holds it", got)
	}
}

func TestMemoryOfferHoldExpires(t *testing.T) {
	be, clock := newMemory(t)
	offered := mustLease(t, be, "52:54:00:00:00:02", false)
	if got := mustLease(t, be, "52:54:00:00:00:03", false); got == offered {
		t.Fatalf("offered %v twice", got)
	}
	clock.Advance(MemoryOfferHold)
	if _, err := lease(t, be, "52:54:00:00:00:04", true, offered); err != nil {
		t.Errorf("taking a lapsed offer: %v", err)
	}
}

func TestMemoryReleaseAndDecline(t *testing.T) {
	be, _ := newMemory(t)
	ip := mustLease(t, be, "52:54:00:00:00:02", true)
	ctx := context.Background()
	if err := be.Release(ctx, ReleaseRequest{MAC: mustMAC(t, "52:54:00:00:00:03"), IP: ip}); err != nil {
		t.Fatal(err)
	}
	if _, err := lease(t, be, "52:54:00:00:00:03", true, ip); err == nil {
		t.Fatal("a release by another MAC freed the address")
	}
	if err := be.Release(ctx, ReleaseRequest{MAC: mustMAC(t, "52:54:00:00:00:02"), IP: ip, Declined: true}); err != nil {
		t.Fatal(err)
	}
	if got := mustLease(t, be, "52:54:00:00:00:03", true); got == ip {
		t.Errorf("declined address %v handed out again at once", got)
	}
}
