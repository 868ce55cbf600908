package catalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// Reserve records a scheduler's request and grants it at once if enough
// verified hosts are ready; otherwise it waits in the pool's queue. The same
// client and request id always return the same reservation, so a lost
// reply is safe to retry; the same id with a different request is refused.
func (s *Store) Reserve(ctx context.Context, client string, req ReserveRequest) (Reservation, error) {
	var id int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.reserveTx(ctx, tx, client, req)
		return err
	})
	if err != nil {
		return Reservation{}, err
	}
	return s.Reservation(ctx, id)
}

func (s *Store) reserveTx(ctx context.Context, tx *sql.Tx, client string, req ReserveRequest) (int64, error) {
	if prev, err := reservationByRequest(ctx, tx, client, req.RequestID); err == nil {
		if !req.sameAs(prev) {
			return 0, Errorf(KindConflict, "request id %s was already used for a different request (reservation %d)", req.RequestID, prev.ID)
		}
		return prev.ID, nil
	} else if !IsKind(err, KindNotFound) {
		return 0, err
	}
	pid, err := s.checkReserve(ctx, tx, req)
	if err != nil {
		return 0, err
	}
	id, err := s.insertReservation(ctx, tx, client, pid, req)
	if err != nil {
		return 0, err
	}
	return id, s.advanceQueueTx(ctx, tx, pid)
}

// checkReserve validates req against its pool and returns the pool id.
func (s *Store) checkReserve(ctx context.Context, tx *sql.Tx, req ReserveRequest) (int64, error) {
	p, err := scanPool(tx.QueryRowContext(ctx, `SELECT `+poolColumns+` FROM pools WHERE name = ?`, req.Pool))
	if errors.Is(err, sql.ErrNoRows) {
		return 0, Errorf(KindNotFound, "pool %s not found", req.Pool)
	}
	if err != nil {
		return 0, fmt.Errorf("catalog: read pool: %w", err)
	}
	if err := req.validate(p.MaxLease.Std()); err != nil {
		return 0, err
	}
	pid, err := poolID(ctx, tx, req.Pool)
	if err != nil {
		return 0, err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM hosts WHERE pool_id = ? AND state <> 'retired'`, pid).Scan(&n); err != nil {
		return 0, err
	}
	if req.Count > n {
		return 0, Errorf(KindInvalid, "count %d is larger than pool %s (%d hosts): it could never be granted", req.Count, req.Pool, n)
	}
	return pid, nil
}

func (s *Store) insertReservation(ctx context.Context, tx *sql.Tx, client string, pid int64, req ReserveRequest) (int64, error) {
	var image any
	if req.Image != "" {
		id, err := imageID(ctx, tx, req.Image)
		if err != nil {
			return 0, err
		}
		image = id
	}
	c, _ := json.Marshal(constraints{Arch: req.Arch, Tags: req.Tags})
	res, err := tx.ExecContext(ctx, `INSERT INTO reservations (request_id, client, pool_id, constraints, count, priority,
		state, image_id, duration_ns, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, req.RequestID, client, pid,
		string(c), req.Count, req.Priority, ResPending, image, int64(req.Duration.Std()), s.now().UnixNano())
	if err != nil {
		return 0, fmt.Errorf("catalog: insert reservation: %w", err)
	}
	id, _ := res.LastInsertId()
	_, err = s.appendEvent(ctx, tx, Event{Kind: "reservation.requested", Subject: fmt.Sprint(id), Actor: client,
		Data: eventData(map[string]any{"request_id": req.RequestID, "pool": req.Pool, "count": req.Count, "image": req.Image})})
	return id, err
}
