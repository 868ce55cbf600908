package provision

import (
	"net/netip"
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
