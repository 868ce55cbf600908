package catalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

const resSelect = `SELECT r.id, r.request_id, r.client, p.name, r.constraints, r.count, r.priority,
	COALESCE(i.digest, ''), r.state, r.duration_ns, r.created_at, r.granted_at, r.expires_at, r.ended_at
	FROM reservations r JOIN pools p ON p.id = r.pool_id LEFT JOIN images i ON i.id = r.image_id`

func scanReservation(row interface{ Scan(...any) error }) (Reservation, error) {
	var r Reservation
	var c string
	var dur, created int64
	var granted, expires, ended sql.NullInt64
	err := row.Scan(&r.ID, &r.RequestID, &r.Client, &r.Pool, &c, &r.Count, &r.Priority, &r.Image, &r.State,
		&dur, &created, &granted, &expires, &ended)
	if err != nil {
		return r, err
	}
	var cons constraints
	if err := json.Unmarshal([]byte(c), &cons); err != nil {
		return r, fmt.Errorf("catalog: reservation %d constraints: %w", r.ID, err)
	}
	r.Arch, r.Tags, r.Duration = cons.Arch, cons.Tags, Duration(time.Duration(dur))
	r.CreatedAt = time.Unix(0, created).UTC()
	r.GrantedAt, r.ExpiresAt, r.EndedAt = optTime(granted), optTime(expires), optTime(ended)
	r.Hosts = []ReservedHost{}
	return r, nil
}

func optTime(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := time.Unix(0, v.Int64).UTC()
	return &t
}

// Reservation returns one reservation with its hosts and their provenance.
func (s *Store) Reservation(ctx context.Context, id int64) (Reservation, error) {
	var r Reservation
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		r, err = reservationTx(ctx, tx, id)
		if err == nil {
			err = fillProvenance(ctx, tx, &r)
		}
		return err
	})
	return r, err
}

func reservationTx(ctx context.Context, tx *sql.Tx, id int64) (Reservation, error) {
	r, err := scanReservation(tx.QueryRowContext(ctx, resSelect+` WHERE r.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, Errorf(KindNotFound, "reservation %d not found", id)
	}
	return r, err
}

func reservationByRequest(ctx context.Context, tx *sql.Tx, client, requestID string) (Reservation, error) {
	r, err := scanReservation(tx.QueryRowContext(ctx, resSelect+` WHERE r.client = ? AND r.request_id = ?`, client, requestID))
	if errors.Is(err, sql.ErrNoRows) {
		return r, Errorf(KindNotFound, "no reservation for request id %s", requestID)
	}
	return r, err
}

// ReservationFilter narrows ListReservations; empty fields match all.
type ReservationFilter struct {
	Client string
	States []string
}

// ListReservations returns reservations in id order, hosts included: how a
// scheduler that lost its state finds what it holds and waits for.
func (s *Store) ListReservations(ctx context.Context, f ReservationFilter) ([]Reservation, error) {
	q, args := resSelect+` WHERE (? = '' OR r.client = ?)`, []any{f.Client, f.Client}
	if len(f.States) > 0 {
		q += ` AND r.state IN (?` + strings.Repeat(", ?", len(f.States)-1) + `)`
		for _, st := range f.States {
			args = append(args, st)
		}
	}
	var out []Reservation
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, q+` ORDER BY r.id`, args...)
		if err != nil {
			return fmt.Errorf("catalog: list reservations: %w", err)
		}
		out, err = scanReservations(rows)
		for i := 0; err == nil && i < len(out); i++ {
			err = fillProvenance(ctx, tx, &out[i])
		}
		return err
	})
	return out, err
}

func scanReservations(rows *sql.Rows) ([]Reservation, error) {
	defer rows.Close()
	out := []Reservation{}
	for rows.Next() {
		r, err := scanReservation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
