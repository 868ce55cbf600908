package catalog

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"net/netip"
	"time"
)

// pickAddress chooses: the MAC's own current lease, else the requested
// address if free, else the first free address probing from the MAC's hash.
// A commit (a REQUEST) for an address it may not have fails with
// ErrNotYours instead: the client is NAKed rather than bound elsewhere.
// It only reads.
func (p *leaseStmts) pickAddress(q LeaseQuery) (netip.Addr, error) {
	first, last, err := rangeBounds(q.First, q.Last)
	if err != nil {
		return netip.Addr{}, err
	}
	var own string
	if _, err := p.row(stOwnLease, []any{q.MAC}, &own); err != nil {
		return netip.Addr{}, fmt.Errorf("catalog: read lease: %w", err)
	}
	if a, perr := netip.ParseAddr(own); perr == nil && inRange(a, first, last) {
		return a, nil
	}
	if q.Requested.IsValid() && inRange(q.Requested, first, last) {
		if free, err := p.addressFree(q.Requested, q.MAC); err != nil || free {
			return q.Requested, err
		}
	}
	if q.Commit && q.Requested.IsValid() {
		return netip.Addr{}, fmt.Errorf("%w: %s for %s", ErrNotYours, q.Requested, q.MAC)
	}
	n := last - first + 1
	start := macHash(q.MAC) % n
	for i := uint32(0); i < n; i++ {
		a := fromU32(first + (start+i)%n)
		if free, err := p.addressFree(a, q.MAC); err != nil || free {
			return a, err
		}
	}
	return netip.Addr{}, ErrRangeFull
}

// addressFree: no host owns a, and no other MAC holds an unexpired lease.
func (p *leaseStmts) addressFree(a netip.Addr, mac string) (bool, error) {
	var n int64
	if _, err := p.row(stAddressFree, []any{a.String(), mac, p.s.now().UnixNano()}, &n); err != nil {
		return false, fmt.Errorf("catalog: probe address: %w", err)
	}
	return n == 0, nil
}

// putLease writes (or renews) the MAC's lease, replacing any expired lease
// another MAC had on the same address. An offer holds the address for
// q.Hold but never shortens a lease the MAC already has.
func (p *leaseStmts) putLease(q LeaseQuery, ip netip.Addr) error {
	now := p.s.now()
	st, d := stPutOffer, q.Hold
	if q.Commit {
		st, d = stPutLease, q.Duration
	}
	if _, err := p.exec(st, ip.String(), q.MAC, now.Add(d).UnixNano(), now.UnixNano()); err != nil {
		return fmt.Errorf("catalog: write lease: %w", err)
	}
	return nil
}

// fixAddress makes ip the enrolled host's fixed address for good: the one
// place hosts.ip is written, once per host (TestFixedAddressesNeverMove),
// which lets the DHCP server answer a host's renewals from memory.
func (p *leaseStmts) fixAddress(host, mac string, ip netip.Addr) error {
	if _, err := p.exec(stClearLease, ip.String(), mac); err != nil {
		return fmt.Errorf("catalog: clear lease: %w", err)
	}
	if _, err := p.exec(stSetHostIP, ip.String(), host); err != nil {
		return fmt.Errorf("catalog: fix address: %w", err)
	}
	return p.event(Event{Kind: "host.address", Host: host, Actor: "dhcp",
		Data: eventData(map[string]string{"ip": ip.String(), "mac": mac})})
}

// ReleaseLease ends a MAC's dynamic lease on ip (DHCPRELEASE). With
// declined, the address is held back for hold so nobody gets it while it is
// in use. A MAC can only give back a lease it holds: anything else is a
// no-op, so one client cannot free another's address.
func (s *Store) ReleaseLease(ctx context.Context, mac string, ip netip.Addr, declined bool, hold time.Duration) error {
	return s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM dhcp_leases WHERE mac = ? AND ip = ?`, mac, ip.String())
		if err != nil {
			return fmt.Errorf("catalog: release lease: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 || !declined {
			return err
		}
		now := s.now()
		_, err = tx.ExecContext(ctx, `INSERT INTO dhcp_leases (ip, mac, expires_at, updated_at) VALUES (?, ?, ?, ?)`,
			ip.String(), "declined/"+ip.String(), now.Add(hold).UnixNano(), now.UnixNano())
		return err
	})
}

func rangeBounds(first, last netip.Addr) (uint32, uint32, error) {
	if !first.Is4() || !last.Is4() || toU32(last) < toU32(first) {
		return 0, 0, Errorf(KindInvalid, "DHCP range %s-%s: want two IPv4 addresses, first ≤ last", first, last)
	}
	return toU32(first), toU32(last), nil
}

func inRange(a netip.Addr, first, last uint32) bool {
	return a.Is4() && toU32(a) >= first && toU32(a) <= last
}

func toU32(a netip.Addr) uint32 { b := a.As4(); return binary.BigEndian.Uint32(b[:]) }

func fromU32(v uint32) netip.Addr {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], v)
	return netip.AddrFrom4(b)
}
