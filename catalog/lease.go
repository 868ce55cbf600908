package catalog

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// ReleaseReservation ends a reservation: an active one is released and
// every host goes to `cleaning` (rebooted into its known-good base and
// re-verified before anyone gets it again); a pending one is cancelled.
// Only its client or an admin may release it (admin true).
func (s *Store) ReleaseReservation(ctx context.Context, id int64, client string, admin bool) (Reservation, error) {
	err := s.write(ctx, func(tx *sql.Tx) error {
		r, err := reservationTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if r.Client != client && !admin {
			return Errorf(KindForbidden, "reservation %d belongs to %s", id, r.Client)
		}
		switch r.State {
		case ResActive:
			return s.endTx(ctx, tx, r, ResReleased, client)
		case ResPending:
			return s.cancelTx(ctx, tx, r, client)
		}
		return Errorf(KindConflict, "reservation %d is already %s", id, r.State)
	})
	if err != nil {
		return Reservation{}, err
	}
	return s.Reservation(ctx, id)
}

func (s *Store) cancelTx(ctx context.Context, tx *sql.Tx, r Reservation, actor string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE reservations SET state = 'cancelled', ended_at = ? WHERE id = ?`,
		s.now().UnixNano(), r.ID); err != nil {
		return fmt.Errorf("catalog: cancel reservation: %w", err)
	}
	if _, err := s.appendEvent(ctx, tx, Event{Kind: "reservation.cancelled", Subject: fmt.Sprint(r.ID), Actor: actor}); err != nil {
		return err
	}
	pid, err := poolID(ctx, tx, r.Pool)
	if err != nil {
		return err
	}
	return s.advanceQueueTx(ctx, tx, pid) // requests it was holding back may go now
}

// endTx releases or expires an active reservation: every host → cleaning.
func (s *Store) endTx(ctx context.Context, tx *sql.Tx, r Reservation, state, actor string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE reservations SET state = ?, ended_at = ? WHERE id = ?`,
		state, s.now().UnixNano(), r.ID); err != nil {
		return fmt.Errorf("catalog: end reservation: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT h.name FROM reservation_hosts rh JOIN hosts h ON h.id = rh.host_id
		WHERE rh.reservation_id = ? AND h.state = 'reserved' ORDER BY h.name`, r.ID)
	if err != nil {
		return err
	}
	var hosts []string
	for rows.Next() {
		var n string
		rows.Scan(&n) //nolint:errcheck // checked by rows.Err
		hosts = append(hosts, n)
	}
	rows.Close()
	for _, h := range hosts {
		t := HostTransition{From: HostReserved, To: HostCleaning, Reason: fmt.Sprintf("reservation %d %s", r.ID, state), Actor: actor}
		if _, err := s.transitionHostTx(ctx, tx, h, t); err != nil {
			return err
		}
	}
	_, err = s.appendEvent(ctx, tx, Event{Kind: "reservation." + state, Subject: fmt.Sprint(r.ID), Actor: actor,
		Data: eventData(map[string]any{"hosts": hosts})})
	return err
}

// ExtendReservation moves an active reservation's expiry to now + d; d may
// not exceed the pool's maximum lease.
func (s *Store) ExtendReservation(ctx context.Context, id int64, d time.Duration, client string, admin bool) (Reservation, error) {
	err := s.write(ctx, func(tx *sql.Tx) error {
		r, err := reservationTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if r.Client != client && !admin {
			return Errorf(KindForbidden, "reservation %d belongs to %s", id, r.Client)
		}
		if r.State != ResActive {
			return Errorf(KindConflict, "reservation %d is %s: only an active one can be extended", id, r.State)
		}
		p, err := scanPool(tx.QueryRowContext(ctx, `SELECT `+poolColumns+` FROM pools WHERE name = ?`, r.Pool))
		if err != nil {
			return err
		}
		if d <= 0 || d > p.MaxLease.Std() {
			return Errorf(KindInvalid, "extend by %s: want more than 0 and at most pool %s's maximum lease %s", d, r.Pool, p.MaxLease.Std())
		}
		exp := s.now().Add(d)
		if _, err := tx.ExecContext(ctx, `UPDATE reservations SET expires_at = ?, warned = 0 WHERE id = ?`, exp.UnixNano(), id); err != nil {
			return err
		}
		_, err = s.appendEvent(ctx, tx, Event{Kind: "reservation.extended", Subject: fmt.Sprint(id), Actor: client,
			Data: eventData(map[string]any{"expires_at": exp})})
		return err
	})
	if err != nil {
		return Reservation{}, err
	}
	return s.Reservation(ctx, id)
}
