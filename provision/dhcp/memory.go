package dhcp

import (
	"fmt"
	"net"
	"net/netip"
	"sync"
	"time"
)

// MemoryOfferHold is how long MemoryBackend keeps an offered address for
// a client that has not yet requested it.
const MemoryOfferHold = time.Minute

// MemoryBackend is an in-memory [Backend] for tests and the demo; nothing
// survives a restart. Enrolled hosts (AddHost) always get their fixed
// address; other MACs lease from the range [first, last], keep their
// address on renewal, and lose it only once it expired (by the injected
// clock) and another MAC needed it. No address is ever given to two MACs.
type MemoryBackend struct {
	mu          sync.Mutex
	now         func() time.Time
	first, last netip.Addr
	fixed       map[string]Lease      // MAC → fixed binding
	fixedIPs    map[netip.Addr]string // fixed address → MAC
	leases      map[netip.Addr]memLease
	byMAC       map[string]netip.Addr
	seen        map[string]time.Time // unknown MACs, first seen
}

// memLease is one address in use; mac is "" for a declined address.
type memLease struct {
	mac     string
	expires time.Time
}

var _ Backend = (*MemoryBackend)(nil)

// NewMemoryBackend returns a backend leasing [first, last]; now is its
// clock (time.Now when nil).
func NewMemoryBackend(first, last netip.Addr, now func() time.Time) (*MemoryBackend, error) {
	if !first.Is4() || !last.Is4() || last.Less(first) {
		return nil, fmt.Errorf("memory backend: bad range %v-%v", first, last)
	}
	if now == nil {
		now = time.Now
	}
	return &MemoryBackend{
		now: now, first: first, last: last,
		fixed: map[string]Lease{}, fixedIPs: map[netip.Addr]string{},
		leases: map[netip.Addr]memLease{}, byMAC: map[string]netip.Addr{},
		seen: map[string]time.Time{},
	}, nil
}

// AddHost enrols a host: mac always gets ip, reported with hostID. It
// fails if ip is fixed for or currently leased to another MAC.
func (m *MemoryBackend) AddHost(mac net.HardwareAddr, ip netip.Addr, hostID string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	key := mac.String()
	if owner, ok := m.fixedIPs[ip]; ok && owner != key {
		return fmt.Errorf("add host %s: %v is fixed for %s: %w", hostID, ip, owner, ErrAddressUnavailable)
	}
	if l, ok := m.leases[ip]; ok && l.mac != key && m.now().Before(l.expires) {
		return fmt.Errorf("add host %s: %v is leased to %s: %w", hostID, ip, l.mac, ErrAddressUnavailable)
	}
	m.dropLease(key)
	delete(m.leases, ip)
	m.fixed[key] = Lease{IP: ip, HostID: hostID}
	m.fixedIPs[ip] = key
	return nil
}

// Discovered returns the unknown MACs that asked for an address, in no
// particular order.
func (m *MemoryBackend) Discovered() []net.HardwareAddr {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]net.HardwareAddr, 0, len(m.seen))
	for k := range m.seen {
		mac, _ := net.ParseMAC(k)
		out = append(out, mac)
	}
	return out
}

// dropLease forgets the lease of mac, if any.
func (m *MemoryBackend) dropLease(mac string) {
	if ip, ok := m.byMAC[mac]; ok {
		if m.leases[ip].mac == mac {
			delete(m.leases, ip)
		}
		delete(m.byMAC, mac)
	}
}
