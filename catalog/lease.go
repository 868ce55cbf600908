package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ReleaseReservation ends a reservation: an active one is released and
// every host goes to `cleaning` (rebooted into its known-good base and
// re-verified before anyone gets it again); a pending one is cancelled.
// Only its client or an admin may release it (admin true). The reservation
// is returned from the write transaction, not read again.
func (s *Store) ReleaseReservation(ctx context.Context, id int64, client string, admin bool) (Reservation, error) {
	var r Reservation
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		r, err = s.releaseTx(ctx, tx, id, client, admin)
		return err
	})
	if err != nil {
		return Reservation{}, err
	}
	return r, nil
}

// resReturning is resSelect's columns in an UPDATE's RETURNING clause.
const resReturning = `id, request_id, client, (SELECT p.name FROM pools p WHERE p.id = reservations.pool_id), constraints,
	count, priority, COALESCE((SELECT i.digest FROM images i WHERE i.id = reservations.image_id), ''), state, duration_ns,
	created_at, granted_at, expires_at, ended_at`

// releaseTx ends the reservation in the statement that checks it may
// (active, the caller's or an admin's); anything else takes the long way
// to its answer: a cancel, a refusal or a conflict.
func (s *Store) releaseTx(ctx context.Context, tx *sql.Tx, id int64, client string, admin bool) (Reservation, error) {
	now := s.now().UnixNano()
	r, err := scanReservation(tx.QueryRowContext(ctx, `UPDATE reservations SET state = 'released', ended_at = ?
		WHERE id = +? AND state = 'active' AND (client = +? OR +?) RETURNING `+resReturning, now, id, client, admin))
	if err == nil {
		return r, s.releaseHostsTx(ctx, tx, &r, client)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("catalog: release reservation: %w", err)
	}
	if r, err = reservationTx(ctx, tx, id); err != nil {
		return r, err
	}
	if r.Client != client && !admin {
		return r, Errorf(KindForbidden, "reservation %d belongs to %s", id, r.Client)
	}
	if r.State == ResPending {
		return r, s.cancelTx(ctx, tx, &r, client)
	}
	return r, Errorf(KindConflict, "reservation %d is already %s", id, r.State)
}

func (s *Store) cancelTx(ctx context.Context, tx *sql.Tx, r *Reservation, actor string) error {
	now := s.now().UnixNano()
	if _, err := tx.ExecContext(ctx, `UPDATE reservations SET state = 'cancelled', ended_at = ? WHERE id = ?`,
		now, r.ID); err != nil {
		return fmt.Errorf("catalog: cancel reservation: %w", err)
	}
	ended := time.Unix(0, now).UTC()
	r.State, r.EndedAt = ResCancelled, &ended
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
	now := s.now().UnixNano()
	if _, err := tx.ExecContext(ctx, `UPDATE reservations SET state = ?, ended_at = ? WHERE id = ?`,
		state, now, r.ID); err != nil {
		return fmt.Errorf("catalog: end reservation: %w", err)
	}
	r.State = state
	return s.releaseHostsTx(ctx, tx, &r, actor)
}

// releaseHostsTx sends the hosts an ended reservation (r.State) still
// holds to cleaning, with their events and the reservation's in one
// statement, and leaves r.Hosts with their provenance.
func (s *Store) releaseHostsTx(ctx context.Context, tx *sql.Tx, r *Reservation, actor string) error {
	held, err := leaseHosts(ctx, tx, r)
	if err != nil {
		return err
	}
	t := HostTransition{From: HostReserved, To: HostCleaning, Reason: fmt.Sprintf("reservation %d %s", r.ID, r.State), Actor: actor}
	var hosts []string
	events := make([]Event, 0, len(held)+1)
	for _, h := range held {
		hosts = append(hosts, h.name)
		events = append(events, hostEvent(h.name, t))
	}
	events = append(events, Event{Kind: "reservation." + r.State, Subject: fmt.Sprint(r.ID), Actor: actor,
		Data: eventData(map[string]any{"hosts": hosts})})
	first, err := s.appendEvents(ctx, tx, events)
	if err != nil {
		return err
	}
	for i, h := range held {
		if err := s.setHostState(ctx, tx, h.id, h.name, t, first+int64(i)); err != nil {
			return err
		}
	}
	return nil
}

// ExtendReservation moves an active reservation's expiry to now + d; d may
// not exceed the pool's maximum lease.
func (s *Store) ExtendReservation(ctx context.Context, id int64, d time.Duration, client string, admin bool) (Reservation, error) {
	var r Reservation
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		if r, err = reservationTx(ctx, tx, id); err != nil {
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
		r.ExpiresAt = &exp
		if _, err = s.appendEvent(ctx, tx, Event{Kind: "reservation.extended", Subject: fmt.Sprint(id), Actor: client,
			Data: eventData(map[string]any{"expires_at": exp})}); err != nil {
			return err
		}
		return fillProvenance(ctx, tx, &r)
	})
	if err != nil {
		return Reservation{}, err
	}
	return r, nil
}
