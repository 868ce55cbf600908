package catalog

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"time"
)

// pickAddress chooses: the MAC's own current lease, else the requested
// address if free, else the first free address probing from the MAC's hash.
func (s *Store) pickAddress(ctx context.Context, tx *sql.Tx, q LeaseQuery) (netip.Addr, error) {
	first, last, err := rangeBounds(q.First, q.Last)
	if err != nil {
		return netip.Addr{}, err
	}
	var own string
	err = tx.QueryRowContext(ctx, `SELECT ip FROM dhcp_leases WHERE mac = ?`, q.MAC).Scan(&own)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return netip.Addr{}, fmt.Errorf("catalog: read lease: %w", err)
	}
	if a, perr := netip.ParseAddr(own); perr == nil && inRange(a, first, last) {
		return a, nil
	}
	if q.Requested.IsValid() && inRange(q.Requested, first, last) {
		if free, err := s.addressFree(ctx, tx, q.Requested, q.MAC); err != nil || free {
			return q.Requested, err
		}
	}
	n := last - first + 1
	start := macHash(q.MAC) % n
	for i := uint32(0); i < n; i++ {
		a := fromU32(first + (start+i)%n)
		if free, err := s.addressFree(ctx, tx, a, q.MAC); err != nil || free {
			return a, err
		}
	}
	return netip.Addr{}, ErrRangeFull
}

// addressFree: no host owns a, and no other MAC holds an unexpired lease.
func (s *Store) addressFree(ctx context.Context, tx *sql.Tx, a netip.Addr, mac string) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM hosts WHERE ip = ?1) +
		(SELECT COUNT(*) FROM dhcp_leases WHERE ip = ?1 AND mac <> ?2 AND expires_at > ?3)`,
		a.String(), mac, s.now().UnixNano()).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("catalog: probe address: %w", err)
	}
	return n == 0, nil
}

// putLease writes (or renews) the MAC's lease, replacing any expired lease
// another MAC had on the same address.
func (s *Store) putLease(ctx context.Context, tx *sql.Tx, q LeaseQuery, ip netip.Addr) error {
	now := s.now()
	d := q.Hold
	if q.Commit {
		d = q.Duration
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM dhcp_leases WHERE (ip = ? OR mac = ?)`, ip.String(), q.MAC); err != nil {
		return fmt.Errorf("catalog: clear lease: %w", err)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO dhcp_leases (ip, mac, expires_at, updated_at) VALUES (?, ?, ?, ?)`,
		ip.String(), q.MAC, now.Add(d).UnixNano(), now.UnixNano())
	if err != nil {
		return fmt.Errorf("catalog: write lease: %w", err)
	}
	return nil
}

// fixAddress makes ip the enrolled host's fixed address for good.
func (s *Store) fixAddress(ctx context.Context, tx *sql.Tx, host, mac string, ip netip.Addr) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM dhcp_leases WHERE ip = ? OR mac = ?`, ip.String(), mac); err != nil {
		return fmt.Errorf("catalog: clear lease: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE hosts SET ip = ? WHERE name = ?`, ip.String(), host); err != nil {
		return fmt.Errorf("catalog: fix address: %w", err)
	}
	_, err := s.appendEvent(ctx, tx, Event{Kind: "host.address", Host: host, Actor: "dhcp",
		Data: eventData(map[string]string{"ip": ip.String(), "mac": mac})})
	return err
}

// ReleaseLease ends a MAC's dynamic lease (DHCPRELEASE). With declined, the
// address is held back for hold so nobody gets it while it is in use.
func (s *Store) ReleaseLease(ctx context.Context, mac string, ip netip.Addr, declined bool, hold time.Duration) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM dhcp_leases WHERE mac = ? OR ip = ?`, mac, ip.String())
		if err != nil || !declined {
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
