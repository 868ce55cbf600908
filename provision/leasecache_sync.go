package provision

import (
	"net/netip"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

// load fills the cache from a catalog view.
func (c *leaseCache) load(v catalog.LeaseView) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.applyView(v)
}

// applyView overwrites what the cache knows with the catalog's view. It
// keeps offers (the catalog does not know them) unless the catalog says
// the address is someone's.
func (c *leaseCache) applyView(v catalog.LeaseView) {
	for _, h := range v.Hosts {
		if h.Fixed.IsValid() {
			c.ips[h.Fixed] = hold{host: h.Host, fixed: true}
		}
		k, ok := parseKey(h.MAC)
		if !ok {
			continue
		}
		st := c.state(k)
		st.host, st.enrolled, st.fixed = h.Host, !h.New, h.Fixed
		if h.Fixed.IsValid() {
			c.forget(k, st)
			st.fixed = h.Fixed
		}
	}
	for _, r := range v.Leases {
		k, _ := parseKey(r.MAC) // zero for a declined address
		c.put(k, r.IP, hold{mac: k, expires: r.Expires, committed: true})
	}
}

// committed records what the catalog committed for k: a fixed address
// (the host's for good) or a lease until expires.
func (c *leaseCache) committed(k macKey, ans catalog.LeaseAnswer, expires time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.state(k)
	st.host, st.enrolled = ans.Host, ans.Fixed // the catalog fixes the address of every host but a `new` one
	if !ans.Fixed {
		c.put(k, ans.IP, hold{mac: k, expires: expires, committed: true})
		return
	}
	c.forget(k, st)
	c.unlink(ans.IP)
	st.fixed = ans.IP
	c.ips[ans.IP] = hold{host: ans.Host, fixed: true}
}

// released records a RELEASE (declined zero) or a DECLINE of k's ip.
func (c *leaseCache) released(k macKey, ip netip.Addr, declinedUntil time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if h, ok := c.ips[ip]; !ok || h.mac != k || h.fixed {
		return
	}
	c.unlink(ip)
	if !declinedUntil.IsZero() {
		c.ips[ip] = hold{expires: declinedUntil, committed: true}
	}
}

// refresh replaces what the cache knows from the catalog about k and ip
// with v (a LeaseViewFor(k, ip)); offers of other MACs stay.
func (c *leaseCache) refresh(k macKey, ip netip.Addr, v catalog.LeaseView) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st := c.macs[k]; st != nil {
		st.host, st.enrolled, st.fixed = "", false, netip.Addr{}
		if st.ip.IsValid() && c.ips[st.ip].committed {
			c.forget(k, st)
		}
	}
	if h, ok := c.ips[ip]; ok && (h.fixed || h.committed) {
		c.unlink(ip)
	}
	c.applyView(v)
}

// unlink drops whatever holds ip.
func (c *leaseCache) unlink(ip netip.Addr) {
	h, ok := c.ips[ip]
	if !ok {
		return
	}
	delete(c.ips, ip)
	if st := c.macs[h.mac]; h.mac != (macKey{}) && st != nil && st.ip == ip {
		st.ip = netip.Addr{}
	}
}
