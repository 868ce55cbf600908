package dhcp

import (
	"context"
	"fmt"
	"net/netip"
	"time"
)

// Lease implements [Backend].
func (m *MemoryBackend) Lease(_ context.Context, req LeaseRequest) (Lease, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	key := req.MAC.String()
	if f, ok := m.fixed[key]; ok {
		if req.Commit && req.Requested.IsValid() && req.Requested != f.IP {
			return Lease{}, fmt.Errorf("%v for %s: %w", req.Requested, key, ErrAddressUnavailable)
		}
		return f, nil
	}
	if _, ok := m.seen[key]; !ok {
		m.seen[key] = m.now()
	}
	ip, err := m.choose(key, req)
	if err != nil {
		return Lease{}, err
	}
	m.bind(key, ip, req)
	return Lease{IP: ip}, nil
}

// choose picks the address for an unknown MAC: the requested one if it may
// have it, else its current one, else the first free one in the range.
func (m *MemoryBackend) choose(key string, req LeaseRequest) (netip.Addr, error) {
	cur, hasCur := m.byMAC[key]
	if hasCur && m.leases[cur].mac != key {
		hasCur = false
	}
	if r := req.Requested; r.IsValid() && (!hasCur || r != cur) {
		if m.free(r, key) {
			return r, nil
		}
		if req.Commit {
			return netip.Addr{}, fmt.Errorf("%v for %s: %w", r, key, ErrAddressUnavailable)
		}
	}
	if hasCur {
		return cur, nil
	}
	for ip := m.first; ip.IsValid() && !m.last.Less(ip); ip = ip.Next() {
		if m.free(ip, key) {
			return ip, nil
		}
	}
	return netip.Addr{}, fmt.Errorf("range %v-%v: %w", m.first, m.last, ErrNoAddress)
}

// free reports whether ip is in the range and may go to key.
func (m *MemoryBackend) free(ip netip.Addr, key string) bool {
	if ip.Less(m.first) || m.last.Less(ip) {
		return false
	}
	if _, fixed := m.fixedIPs[ip]; fixed {
		return false
	}
	l, used := m.leases[ip]
	return !used || l.mac == key || !m.now().Before(l.expires)
}

// bind records ip for key, taking it from an expired holder if needed. An
// offer never shortens an existing lease.
func (m *MemoryBackend) bind(key string, ip netip.Addr, req LeaseRequest) {
	now := m.now()
	expires := now.Add(MemoryOfferHold)
	old, had := m.leases[ip]
	if req.Commit {
		expires = now.Add(req.LeaseTime)
	} else if had && old.mac == key && old.expires.After(expires) {
		expires = old.expires
	}
	if had && old.mac != key && old.mac != "" {
		delete(m.byMAC, old.mac)
	}
	m.dropLease(key)
	m.leases[ip] = memLease{mac: key, expires: expires}
	m.byMAC[key] = ip
}

// Release implements [Backend]: the address becomes free at once, or after
// a DECLINE stays out of use for declineHold.
func (m *MemoryBackend) Release(_ context.Context, rel ReleaseRequest) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	key := rel.MAC.String()
	l, ok := m.leases[rel.IP]
	if !ok || l.mac != key {
		return nil
	}
	m.dropLease(key)
	if rel.Declined {
		m.leases[rel.IP] = memLease{expires: m.now().Add(declineHold)}
	}
	return nil
}

// declineHold is how long a declined address stays out of use.
const declineHold = 10 * time.Minute
