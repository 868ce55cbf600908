package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// HostFilter narrows ListHosts. Empty fields match everything.
type HostFilter struct {
	Pool  string
	State HostState
}

const hostSelect = `SELECT h.id, h.name, h.state, h.phase, h.reason, h.alert, h.attempts, COALESCE(p.name, ''), h.arch, h.firmware,
	COALESCE(h.ip, ''), h.created_at, h.state_since, h.phase_since,
	COALESCE(b.address, ''), COALESCE(b.username, ''), COALESCE(b.interface, ''), COALESCE(b.cipher_suite, 0)
	FROM hosts h LEFT JOIN pools p ON p.id = h.pool_id LEFT JOIN bmcs b ON b.host_id = h.id`

func scanHost(row interface{ Scan(...any) error }) (Host, error) {
	var h Host
	var state string
	var created, since, phaseSince int64
	var bmc BMCInfo
	err := row.Scan(&h.ID, &h.Name, &state, &h.Phase, &h.Reason, &h.Alert, &h.Attempts, &h.Pool, &h.Arch, &h.Firmware,
		&h.IP, &created, &since, &phaseSince, &bmc.Address, &bmc.Username, &bmc.Interface, &bmc.CipherSuite)
	if err != nil {
		return h, err
	}
	if h.State, err = ParseHostState(state); err != nil {
		return h, fmt.Errorf("catalog: host %s: %w", h.Name, err)
	}
	if bmc.Address != "" {
		h.BMC = &bmc
	}
	h.CreatedAt, h.StateSince, h.PhaseSince = time.Unix(0, created).UTC(), time.Unix(0, since).UTC(), unixTime(phaseSince)
	h.MACs, h.Tags, h.Slots = []string{}, map[string]string{}, []Slot{}
	return h, nil
}

// Host returns one host by name.
func (s *Store) Host(ctx context.Context, name string) (Host, error) {
	var h Host
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		h, err = hostTx(ctx, tx, name)
		return err
	})
	return h, err
}

func hostTx(ctx context.Context, tx *sql.Tx, name string) (Host, error) {
	hs, err := queryHosts(ctx, tx, hostSelect+` WHERE h.name = ?`, name)
	if err != nil {
		return Host{}, err
	}
	if len(hs) == 0 {
		return Host{}, Errorf(KindNotFound, "host %s not found", name)
	}
	return hs[0], nil
}

// hostCoreTx reads a host without its MACs, tags and slots: what state
// changes need, at a third of the queries.
func hostCoreTx(ctx context.Context, tx *sql.Tx, name string) (Host, error) {
	h, err := scanHost(tx.QueryRowContext(ctx, hostSelect+` WHERE h.name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return h, Errorf(KindNotFound, "host %s not found", name)
	}
	if err != nil {
		return h, fmt.Errorf("catalog: read host %s: %w", name, err)
	}
	return h, nil
}

// ListHosts returns hosts by name.
func (s *Store) ListHosts(ctx context.Context, f HostFilter) ([]Host, error) {
	state := ""
	if f.State != 0 {
		state = f.State.String()
	}
	var hs []Host
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		hs, err = queryHosts(ctx, tx, hostSelect+` WHERE (? = '' OR p.name = ?) AND (? = '' OR h.state = ?)
			ORDER BY h.name`, f.Pool, f.Pool, state, state)
		return err
	})
	return hs, err
}

func queryHosts(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]Host, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("catalog: query hosts: %w", err)
	}
	defer rows.Close()
	hs := []Host{}
	byID := map[int64]*Host{}
	for rows.Next() {
		h, err := scanHost(rows)
		if err != nil {
			return nil, fmt.Errorf("catalog: scan host: %w", err)
		}
		hs = append(hs, h)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range hs {
		byID[hs[i].ID] = &hs[i]
	}
	return hs, fillHostParts(ctx, tx, byID)
}

// fillHostParts loads MACs and tags for the hosts in byID.
func fillHostParts(ctx context.Context, tx *sql.Tx, byID map[int64]*Host) error {
	if len(byID) == 0 {
		return nil
	}
	q := `SELECT host_id, mac, '', 0 FROM host_macs
		UNION ALL SELECT host_id, key, value, 1 FROM host_tags
		UNION ALL SELECT s.host_id, s.slot, COALESCE(i.digest, '') || ' ' || s.status, 2 FROM slots s
			LEFT JOIN images i ON i.id = s.image_id ORDER BY 1, 4, 2`
	var args []any
	if len(byID) == 1 { // one host: indexed lookups instead of reading every host's rows
		for id := range byID {
			args = []any{id, id, id}
		}
		q = `SELECT host_id, mac, '', 0 FROM host_macs WHERE host_id = ?
		UNION ALL SELECT host_id, key, value, 1 FROM host_tags WHERE host_id = ?
		UNION ALL SELECT s.host_id, s.slot, COALESCE(i.digest, '') || ' ' || s.status, 2 FROM slots s
			LEFT JOIN images i ON i.id = s.image_id WHERE s.host_id = ? ORDER BY 1, 4, 2`
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("catalog: query host parts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var a, b string
		var part int
		if err := rows.Scan(&id, &a, &b, &part); err != nil {
			return fmt.Errorf("catalog: scan host part: %w", err)
		}
		h := byID[id]
		switch {
		case h == nil:
		case part == 1:
			h.Tags[a] = b
		case part == 2:
			img, status, _ := strings.Cut(b, " ")
			h.Slots = append(h.Slots, Slot{Slot: a, Image: img, Status: status})
		default:
			h.MACs = append(h.MACs, a)
		}
	}
	return rows.Err()
}

// HostByMAC returns the host that owns mac (any of its NICs).
func (s *Store) HostByMAC(ctx context.Context, mac string) (Host, error) {
	norm, err := ParseMAC(mac)
	if err != nil {
		return Host{}, err
	}
	var h Host
	err = s.read(ctx, func(tx *sql.Tx) error {
		hs, err := queryHosts(ctx, tx, hostSelect+` WHERE h.id = (SELECT host_id FROM host_macs WHERE mac = ?)`, norm)
		if err == nil && len(hs) == 0 {
			err = Errorf(KindNotFound, "no host has MAC %s", norm)
		}
		if err == nil {
			h = hs[0]
		}
		return err
	})
	return h, err
}
