package provision

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

func mustKey(t *testing.T, mac string) macKey {
	t.Helper()
	k, ok := parseKey(mac)
	if !ok {
		t.Fatalf("bad MAC %q", mac)
	}
	return k
}

// A client holding a lease that REQUESTs another address keeps its lease
// in the catalog (which answers with the lease and the server NAKs), so
// the mirror must not free the lease while that commit is pending — nor
// afterwards if the commit never happens (dropped as stale).
func TestCacheRequestElsewhereKeepsTheLease(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	a, b := netip.MustParseAddr("10.0.0.10"), netip.MustParseAddr("10.0.0.11")
	c := newLeaseCache(a, netip.MustParseAddr("10.0.0.12"))
	k, other := mustKey(t, "52:54:00:00:00:01"), mustKey(t, "52:54:00:00:00:02")
	c.committed(k, catalog.LeaseAnswer{IP: a, Host: "mac-525400000001"}, now.Add(time.Hour))
	c.holdRequested(k, b, now, time.Minute)
	got, err := c.offer(other, a, now, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if got.IP == a {
		t.Errorf("offered %s to %v while %v holds a lease on it", a, other, k)
	}
	if own, _ := c.offer(k, netip.Addr{}, now, time.Minute); own.IP != a {
		t.Errorf("the lease holder was offered %s, want its lease %s", own.IP, a)
	}
}

// A fixed address stays the host's whatever its MAC asks for.
func TestCacheFixedAddressIsNeverOffered(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	first, last := netip.MustParseAddr("10.0.0.10"), netip.MustParseAddr("10.0.0.11")
	c := newLeaseCache(first, last)
	k, other := mustKey(t, "52:54:00:00:00:01"), mustKey(t, "52:54:00:00:00:02")
	c.committed(k, catalog.LeaseAnswer{IP: first, Host: "n1", Fixed: true}, now)
	c.holdRequested(k, last, now, time.Minute)
	if got, _ := c.offer(k, last, now, time.Minute); got.IP != first {
		t.Errorf("n1 was offered %s, want its fixed %s", got.IP, first)
	}
	for range 3 {
		if got, err := c.offer(other, first, now.Add(100*time.Hour), time.Minute); err == nil && got.IP == first {
			t.Fatalf("n1's fixed address %s was offered to another MAC", first)
		}
	}
}

// New clients are offered addresses in order (next fit), skipping what is
// held and wrapping at the end of the range; an expired offer is reused
// once the search comes round to it again.
func TestCacheOffersNextFit(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	first, last := netip.MustParseAddr("10.0.0.10"), netip.MustParseAddr("10.0.0.13")
	c := newLeaseCache(first, last)
	c.committed(mustKey(t, "52:54:00:00:00:ff"), catalog.LeaseAnswer{IP: netip.MustParseAddr("10.0.0.11"), Host: "h"}, now.Add(time.Hour))
	offer := func(mac string, at time.Time) string {
		t.Helper()
		got, err := c.offer(mustKey(t, mac), netip.Addr{}, at, time.Minute)
		if err != nil {
			return err.Error()
		}
		return got.IP.String()
	}
	for i, want := range []string{"10.0.0.10", "10.0.0.12", "10.0.0.13"} {
		if got := offer(fmt.Sprintf("52:54:00:00:00:%02x", i+1), now); got != want {
			t.Errorf("new client %d offered %s, want %s", i+1, got, want)
		}
	}
	if got := offer("52:54:00:00:00:04", now); !strings.Contains(got, "no free address") {
		t.Errorf("full range: %s, want no free address", got)
	}
	if got := offer("52:54:00:00:00:05", now.Add(2*time.Minute)); got != "10.0.0.10" {
		t.Errorf("after the offers expired: %s, want the search to wrap round to 10.0.0.10", got)
	}
	if got := offer("52:54:00:00:00:06", now.Add(2*time.Minute)); got != "10.0.0.12" {
		t.Errorf("next one: %s, want 10.0.0.12 (10.0.0.11 is leased)", got)
	}
}
