package catalog

import (
	"context"
	"database/sql"
	"fmt"
	"net/netip"
	"time"
)

// LeaseView is what the catalog knows about DHCP addresses, read in one
// snapshot: every host MAC (with the host's fixed address, if any), every
// fixed address (also of hosts without a MAC), and every dynamic lease,
// expired or not. A DHCP server loads it to answer offers from memory;
// the catalog stays the source of truth for commits.
type LeaseView struct {
	Hosts  []LeaseHost
	Leases []LeaseRow
}

// LeaseHost is one MAC of a host, or a host's fixed address (MAC empty).
type LeaseHost struct {
	MAC   string
	Host  string
	New   bool       // state `new`: a discovered host, leasing dynamically
	Fixed netip.Addr // hosts.ip; zero when none yet
}

// LeaseRow is one dhcp_leases row. MAC is "declined/IP" for an address held
// back after a DHCPDECLINE.
type LeaseRow struct {
	IP      netip.Addr
	MAC     string
	Expires time.Time
}

// LeaseView reads the whole view (tens of milliseconds for 50k hosts).
func (s *Store) LeaseView(ctx context.Context) (LeaseView, error) {
	return s.leaseView(ctx, "", netip.Addr{}, true)
}

// LeaseViewFor reads the part of the view about one MAC and one address
// (either may be zero): the MAC's host and lease, and whoever holds ip.
func (s *Store) LeaseViewFor(ctx context.Context, mac string, ip netip.Addr) (LeaseView, error) {
	return s.leaseView(ctx, mac, ip, false)
}

func (s *Store) leaseView(ctx context.Context, mac string, ip netip.Addr, all bool) (LeaseView, error) {
	var v LeaseView
	ipText := ""
	if ip.IsValid() {
		ipText = ip.String()
	}
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		if v.Hosts, err = viewHosts(ctx, tx, mac, ipText, all); err != nil {
			return err
		}
		v.Leases, err = viewLeases(ctx, tx, mac, ipText, all)
		return err
	})
	if err != nil {
		return LeaseView{}, fmt.Errorf("catalog: lease view: %w", err)
	}
	return v, nil
}

func viewHosts(ctx context.Context, tx *sql.Tx, mac, ip string, all bool) ([]LeaseHost, error) {
	const q = `SELECT COALESCE(m.mac, ''), h.name, h.state, COALESCE(h.ip, '')
		FROM hosts h LEFT JOIN host_macs m ON m.host_id = h.id`
	var rows *sql.Rows
	var err error
	if all {
		rows, err = tx.QueryContext(ctx, q)
	} else { // two indexed lookups, not a scan
		rows, err = tx.QueryContext(ctx, q+` WHERE h.id IN (SELECT host_id FROM host_macs WHERE mac = ?1)
			UNION `+q+` WHERE h.ip = ?2`, mac, ip)
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LeaseHost
	for rows.Next() {
		var h LeaseHost
		var state, fixed string
		if err := rows.Scan(&h.MAC, &h.Host, &state, &fixed); err != nil {
			return nil, err
		}
		h.New = state == HostNew.String()
		h.Fixed, _ = netip.ParseAddr(fixed)
		out = append(out, h)
	}
	return out, rows.Err()
}

func viewLeases(ctx context.Context, tx *sql.Tx, mac, ip string, all bool) ([]LeaseRow, error) {
	const q = `SELECT ip, mac, expires_at FROM dhcp_leases`
	var rows *sql.Rows
	var err error
	if all {
		rows, err = tx.QueryContext(ctx, q)
	} else {
		rows, err = tx.QueryContext(ctx, q+` WHERE mac = ?1 UNION `+q+` WHERE ip = ?2`, mac, ip)
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LeaseRow
	for rows.Next() {
		var r LeaseRow
		var ip string
		var exp int64
		if err := rows.Scan(&ip, &r.MAC, &exp); err != nil {
			return nil, err
		}
		if r.IP, err = netip.ParseAddr(ip); err != nil {
			continue // not an address ironbase wrote; nothing to hold
		}
		r.Expires = time.Unix(0, exp)
		out = append(out, r)
	}
	return out, rows.Err()
}
