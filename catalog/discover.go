package catalog

import (
	"context"
	"database/sql"
	"fmt"
)

// DiscoverReport says what [Store.Discover] did.
type DiscoverReport struct {
	Hosts   []string // the `new` hosts it recorded, in the order of their MACs
	Refused []error  // MACs it could not record: not a MAC, or their name mac-HEX is another host's
}

// Discover records each MAC that has no host yet as a `new` host named
// mac-HEX (its two slots and a host.discovered event with it), all in one
// transaction. The DHCP server leases first and discovers afterwards, in
// bulk: a host's rows cost more than its lease, and far less per host in
// a large batch (docs/design.md). A MAC that has a host by now, enrolled
// meanwhile or discovered already, is skipped. The returned error means
// nothing was recorded.
func (s *Store) Discover(ctx context.Context, macs []string) (DiscoverReport, error) {
	var rep DiscoverReport
	err := s.writeLeases(ctx, func(p *leaseStmts) error {
		rep = DiscoverReport{}
		for _, m := range macs {
			mac, err := ParseMAC(m)
			if err != nil {
				rep.Refused = append(rep.Refused, err)
				continue
			}
			host, _, _, err := p.hostByMAC(mac)
			if err != nil {
				return err
			}
			if host != "" {
				continue
			}
			name, err := p.discover(mac)
			if KindOf(err) == KindConflict {
				rep.Refused = append(rep.Refused, err)
				continue
			}
			if err != nil {
				return err
			}
			rep.Hosts = append(rep.Hosts, name)
		}
		return nil
	})
	if err != nil {
		return DiscoverReport{}, fmt.Errorf("catalog: discover: %w", err)
	}
	return rep, nil
}

// Undiscovered lists the MACs that hold a lease, live or expired, but
// have no host: those whose discovery a stop or a crash cut short,
// oldest lease first.
func (s *Store) Undiscovered(ctx context.Context) ([]string, error) {
	var macs []string
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT l.mac FROM dhcp_leases l WHERE l.mac NOT LIKE 'declined/%'
			AND NOT EXISTS (SELECT 1 FROM host_macs m WHERE m.mac = l.mac) ORDER BY l.updated_at, l.mac`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var mac string
			if err := rows.Scan(&mac); err != nil {
				return err
			}
			macs = append(macs, mac)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("catalog: undiscovered MACs: %w", err)
	}
	return macs, nil
}
