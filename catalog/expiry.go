package catalog

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// ExpireReservations ends every active reservation whose lease is over
// (hosts → cleaning, the queue advances) and sends a warning event to
// those ending within warn. The server calls it every second; it takes its
// time from the store's clock, so tests drive it with a fake one.
func (s *Store) ExpireReservations(ctx context.Context, warn time.Duration) (expired int, err error) {
	err = s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		now := s.now()
		if err := s.warnExpiring(ctx, tx, now, warn); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, resSelect+` WHERE r.state = 'active' AND r.expires_at <= ? ORDER BY r.id`, now.UnixNano())
		if err != nil {
			return fmt.Errorf("catalog: find expired: %w", err)
		}
		due, err := scanReservations(rows)
		if err != nil {
			return err
		}
		for _, r := range due {
			if err := s.endTx(ctx, tx, r, ResExpired, "lease"); err != nil {
				return err
			}
		}
		expired = len(due)
		return nil
	})
	return expired, err
}

func (s *Store) warnExpiring(ctx context.Context, tx *sql.Tx, now time.Time, warn time.Duration) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, client, expires_at FROM reservations
		WHERE state = 'active' AND warned = 0 AND expires_at > ? AND expires_at <= ?`, now.UnixNano(), now.Add(warn).UnixNano())
	if err != nil {
		return fmt.Errorf("catalog: find expiring: %w", err)
	}
	type due struct {
		id      int64
		client  string
		expires int64
	}
	var list []due
	for rows.Next() {
		var d due
		rows.Scan(&d.id, &d.client, &d.expires) //nolint:errcheck // checked by rows.Err
		list = append(list, d)
	}
	rows.Close()
	for _, d := range list {
		if _, err := tx.ExecContext(ctx, `UPDATE reservations SET warned = 1 WHERE id = ?`, d.id); err != nil {
			return err
		}
		if _, err := s.appendEvent(ctx, tx, Event{Kind: "reservation.expiring", Subject: fmt.Sprint(d.id), Actor: "lease",
			Data: eventData(map[string]any{"client": d.client, "expires_at": time.Unix(0, d.expires).UTC()})}); err != nil {
			return err
		}
	}
	return nil
}

// HostHolder returns the client holding the host through an active
// reservation, or "" when nobody does.
func (s *Store) HostHolder(ctx context.Context, host string) (string, error) {
	var client string
	err := s.r.QueryRowContext(ctx, `SELECT r.client FROM reservations r JOIN reservation_hosts rh ON rh.reservation_id = r.id
		JOIN hosts h ON h.id = rh.host_id WHERE h.name = ? AND r.state = 'active' AND h.state = 'reserved'`, host).Scan(&client)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return client, err
}
