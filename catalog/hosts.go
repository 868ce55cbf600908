package catalog

import (
	"context"
	"database/sql"
	"fmt"
)

// CreateHost enrols a host: it starts in `enrolled`, with its MACs, tags and
// BMC (password sealed). A MAC already in use, a name in use or an unknown
// pool is refused and nothing is written.
func (s *Store) CreateHost(ctx context.Context, nh NewHost, actor string) (Host, error) {
	if err := nh.normalize(); err != nil {
		return Host{}, err
	}
	if nh.BMC != nil && s.cfg.Sealer == nil {
		return Host{}, Errorf(KindUnavailable, "no encryption key configured: cannot store a BMC password")
	}
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		id, err := s.insertHost(ctx, tx, nh, HostEnrolled)
		if err != nil {
			return err
		}
		if err := s.insertHostParts(ctx, tx, id, nh); err != nil {
			return err
		}
		_, err = s.appendEvent(ctx, tx, Event{Kind: "host.created", Host: nh.Name, Actor: actor,
			Data: eventData(map[string]any{"state": HostEnrolled, "pool": nh.Pool, "macs": nh.MACs})})
		return err
	})
	if err != nil {
		return Host{}, err
	}
	return s.Host(ctx, nh.Name)
}

func (s *Store) insertHost(ctx context.Context, tx *sql.Tx, nh NewHost, st HostState) (int64, error) {
	var pool any
	if nh.Pool != "" {
		id, err := poolID(ctx, tx, nh.Pool)
		if err != nil {
			return 0, err
		}
		pool = id
	}
	now := s.now().UnixNano()
	res, err := tx.ExecContext(ctx, `INSERT INTO hosts (name, state, pool_id, arch, firmware, created_at, state_since)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, nh.Name, st.String(), pool, nh.Arch, nh.Firmware, now, now)
	if isUniqueViolation(err) {
		return 0, Errorf(KindConflict, "host %s already exists", nh.Name)
	}
	if err != nil {
		return 0, fmt.Errorf("catalog: insert host: %w", err)
	}
	return res.LastInsertId()
}

func (s *Store) insertHostParts(ctx context.Context, tx *sql.Tx, id int64, nh NewHost) error {
	for _, mac := range nh.MACs {
		_, err := tx.ExecContext(ctx, `INSERT INTO host_macs (mac, host_id) VALUES (?, ?)`, mac, id)
		if isUniqueViolation(err) {
			return Errorf(KindConflict, "MAC %s already belongs to another host", mac)
		}
		if err != nil {
			return fmt.Errorf("catalog: insert mac: %w", err)
		}
	}
	for k, v := range nh.Tags {
		if _, err := tx.ExecContext(ctx, `INSERT INTO host_tags (host_id, key, value) VALUES (?, ?, ?)`, id, k, v); err != nil {
			return fmt.Errorf("catalog: insert tag: %w", err)
		}
	}
	for _, slot := range []string{"A", "B"} {
		if _, err := tx.ExecContext(ctx, `INSERT INTO slots (host_id, slot) VALUES (?, ?)`, id, slot); err != nil {
			return fmt.Errorf("catalog: insert slot: %w", err)
		}
	}
	if nh.BMC == nil {
		return nil
	}
	return s.insertBMC(ctx, tx, id, nh.Name, *nh.BMC)
}

func (s *Store) insertBMC(ctx context.Context, tx *sql.Tx, id int64, host string, b BMCCredentials) error {
	sealed, err := s.cfg.Sealer.Seal(b.Password, bmcContext(host))
	if err != nil {
		return fmt.Errorf("catalog: seal BMC password: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO bmcs (host_id, address, username, password_enc, interface, cipher_suite)
		VALUES (?, ?, ?, ?, ?, ?)`, id, b.Address, b.Username, sealed, b.Interface, b.CipherSuite)
	if err != nil {
		return fmt.Errorf("catalog: insert BMC: %w", err)
	}
	return nil
}

func bmcContext(host string) string { return "ironbase/bmc-password/" + host }

// BMCCredentials returns a host's BMC endpoint with the decrypted password.
func (s *Store) BMCCredentials(ctx context.Context, host string) (BMCCredentials, error) {
	var b BMCCredentials
	var sealed []byte
	err := s.r.QueryRowContext(ctx, `SELECT b.address, b.username, b.password_enc, b.interface, b.cipher_suite
		FROM bmcs b JOIN hosts h ON h.id = b.host_id WHERE h.name = ?`, host).
		Scan(&b.Address, &b.Username, &sealed, &b.Interface, &b.CipherSuite)
	if err == sql.ErrNoRows {
		return b, Errorf(KindNotFound, "host %s has no BMC", host)
	}
	if err != nil {
		return b, fmt.Errorf("catalog: read BMC: %w", err)
	}
	if s.cfg.Sealer == nil {
		return b, Errorf(KindUnavailable, "no encryption key configured: cannot read a BMC password")
	}
	b.Password, err = s.cfg.Sealer.Open(sealed, bmcContext(host))
	return b, err
}
