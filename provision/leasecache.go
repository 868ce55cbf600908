package provision

import (
	"net/netip"
	"sync"
	"time"

	"github.com/ironbase/ironbase/provision/dhcp"
)

// hold is one address in use in the cache: a host's fixed address, a
// lease the catalog committed, or an offer that lives only here.
type hold struct {
	mac       macKey    // zero for a fixed address of a host without MAC, or a declined one
	host      string    // for fixed addresses
	expires   time.Time // zero for fixed addresses
	fixed     bool
	committed bool // mirrors a dhcp_leases row (else: an offer, memory only)
}

// macState is what the cache knows about one MAC.
type macState struct {
	host     string     // empty until the catalog knows the MAC
	enrolled bool       // host is not a discovered `new` one
	fixed    netip.Addr // the host's fixed address; zero when none
	ip       netip.Addr // its lease or offer; zero when none
}

// leaseCache mirrors the catalog's DHCP addresses so that an offer needs no
// database write. It only ever advises: commits are decided by the catalog
// inside the write transaction, and the cache is corrected from what the
// catalog answered. An address held here (fixed, leased, or offered and not
// yet expired) is never offered to another MAC.
type leaseCache struct {
	mu          sync.Mutex
	first, last uint32
	macs        map[macKey]*macState
	ips         map[netip.Addr]hold
	offers      int // offers made since the last sweep of expired ones
}

// sweepEvery bounds how many offer-only entries pile up between sweeps.
const sweepEvery = 4096

func newLeaseCache(first, last netip.Addr) *leaseCache {
	return &leaseCache{first: u32(first), last: u32(last),
		macs: map[macKey]*macState{}, ips: map[netip.Addr]hold{}}
}

// offer picks the address to offer mac, as the catalog would commit it:
// the host's fixed address, else its own lease or offer, else the
// requested address if free, else the first free one probing from the
// MAC's hash. A dynamic pick is held for holdFor so no other MAC is
// offered it meanwhile.
func (c *leaseCache) offer(k macKey, requested netip.Addr, now time.Time, holdFor time.Duration) (dhcp.Lease, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.macs[k]
	if st != nil && st.fixed.IsValid() {
		return dhcp.Lease{IP: st.fixed, HostID: st.host}, nil
	}
	ip, ok := c.pick(k, st, requested, now)
	if !ok {
		return dhcp.Lease{}, dhcp.ErrNoAddress
	}
	c.holdOffer(k, ip, now, holdFor)
	host := ""
	if st != nil && st.enrolled {
		host = st.host
	}
	return dhcp.Lease{IP: ip, HostID: host}, nil
}

// fixedAck answers a REQUEST from a MAC whose host has a fixed address,
// for that address or for none, as the catalog would answer it, with
// nothing to write. The mirror's copy cannot be stale: a host's fixed
// address is set once, by the catalog's lease transaction, and never
// changed or given to another host, and a MAC never moves to another host
// (catalog/invariant_test.go holds the catalog to that). Any other
// REQUEST goes to the catalog.
func (c *leaseCache) fixedAck(k macKey, requested netip.Addr) (dhcp.Lease, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.macs[k]
	if st == nil || !st.fixed.IsValid() || requested.IsValid() && requested != st.fixed {
		return dhcp.Lease{}, false
	}
	return dhcp.Lease{IP: st.fixed, HostID: st.host}, true
}

// holdRequested marks the address a client REQUESTs as held for it while
// its commit is pending, if the cache sees it free, so that concurrent
// offers steer clear. The catalog still decides.
func (c *leaseCache) holdRequested(k macKey, ip netip.Addr, now time.Time, holdFor time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.macs[k]
	if st != nil && (st.fixed.IsValid() || c.ownLease(k, st)) {
		return // the catalog answers with that address, whatever was asked
	}
	if c.inRange(ip) && c.free(k, ip, now) {
		c.holdOffer(k, ip, now, holdFor)
	}
}

func (c *leaseCache) pick(k macKey, st *macState, requested netip.Addr, now time.Time) (netip.Addr, bool) {
	if st != nil && c.heldBy(k, st.ip) {
		return st.ip, true
	}
	if c.inRange(requested) && c.free(k, requested, now) {
		return requested, true
	}
	n := c.last - c.first + 1
	start := keyHash(k) % n
	for i := uint32(0); i < n; i++ {
		a := addr(c.first + (start+i)%n)
		if c.free(k, a, now) {
			return a, true
		}
	}
	return netip.Addr{}, false
}

// heldBy: ip is in the range and k's lease or offer there is current in
// the mirror (the catalog's pickAddress starts from the MAC's own lease).
func (c *leaseCache) heldBy(k macKey, ip netip.Addr) bool {
	h, ok := c.ips[ip]
	return ok && c.inRange(ip) && h.mac == k && !h.fixed
}

// ownLease: k has a committed lease in the range, which the catalog
// renews whatever k requests.
func (c *leaseCache) ownLease(k macKey, st *macState) bool {
	return c.heldBy(k, st.ip) && c.ips[st.ip].committed
}

// free: nobody's fixed address, and no other MAC's unexpired hold.
func (c *leaseCache) free(k macKey, ip netip.Addr, now time.Time) bool {
	h, ok := c.ips[ip]
	if !ok {
		return true
	}
	return !h.fixed && (h.mac == k && k != macKey{} || !now.Before(h.expires))
}

// holdOffer records an offer; it never shortens what mac already holds
// (a committed lease stays a committed lease).
func (c *leaseCache) holdOffer(k macKey, ip netip.Addr, now time.Time, holdFor time.Duration) {
	expires := now.Add(holdFor)
	if h, ok := c.ips[ip]; ok && h.mac == k && !h.fixed && h.expires.After(expires) {
		return
	}
	c.put(k, ip, hold{mac: k, expires: expires})
	if c.offers++; c.offers >= sweepEvery {
		c.sweep(now)
	}
}

// put makes ip held by k (zero k: by nobody's MAC), dropping k's other
// hold and the address's previous holder, as the catalog's lease write does.
func (c *leaseCache) put(k macKey, ip netip.Addr, h hold) {
	if old, ok := c.ips[ip]; ok && old.mac != k && old.mac != (macKey{}) {
		if st := c.macs[old.mac]; st != nil && st.ip == ip {
			st.ip = netip.Addr{}
		}
	}
	if k != (macKey{}) {
		st := c.state(k)
		c.forget(k, st)
		st.ip = ip
	}
	c.ips[ip] = h
}

// forget drops k's dynamic hold, if it still has one.
func (c *leaseCache) forget(k macKey, st *macState) {
	if st.ip.IsValid() {
		if h := c.ips[st.ip]; h.mac == k && !h.fixed {
			delete(c.ips, st.ip)
		}
		st.ip = netip.Addr{}
	}
}

func (c *leaseCache) state(k macKey) *macState {
	st := c.macs[k]
	if st == nil {
		st = &macState{}
		c.macs[k] = st
	}
	return st
}

// sweep drops expired offers, and MACs the cache knows nothing else about:
// an expired offer holds nothing, so forgetting it changes no decision.
func (c *leaseCache) sweep(now time.Time) {
	c.offers = 0
	for ip, h := range c.ips {
		if !h.committed && !h.fixed && !now.Before(h.expires) {
			delete(c.ips, ip)
			if st := c.macs[h.mac]; st != nil && st.ip == ip {
				st.ip = netip.Addr{}
				if st.host == "" {
					delete(c.macs, h.mac)
				}
			}
		}
	}
}

func (c *leaseCache) inRange(a netip.Addr) bool {
	return a.Is4() && u32(a) >= c.first && u32(a) <= c.last
}
