package catalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Reserve records a scheduler's request and grants it at once if enough
// verified hosts are ready; otherwise it waits in the pool's queue. The same
// client and request id always return the same reservation, so a lost
// reply is safe to retry; the same id with a different request is refused.
// The reservation is returned from the write transaction itself: what it
// wrote, not a second read.
func (s *Store) Reserve(ctx context.Context, client string, req ReserveRequest) (Reservation, error) {
	var r Reservation
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		r, err = s.reserveTx(ctx, tx, client, req)
		return err
	})
	if err != nil {
		return Reservation{}, err
	}
	return r, nil
}

// reserveTx validates and inserts first (the common case is a new request)
// and looks for an earlier request with the same id only when the insert
// meets it or the request is refused: a retry gets the first answer even if
// the pool changed since.
func (s *Store) reserveTx(ctx context.Context, tx *sql.Tx, client string, req ReserveRequest) (Reservation, error) {
	plan, err := s.checkReserve(ctx, tx, req)
	if err != nil {
		return s.retried(ctx, tx, client, req, err)
	}
	p := pendingRes{imageID: plan.imageID, client: client, count: req.Count, duration: int64(req.Duration.Std()),
		c: constraints{Arch: req.Arch, Tags: req.Tags}}
	var elig []eligible
	if !plan.queued { // nobody waits ahead: the request goes now or waits
		if elig, err = eligibleHosts(ctx, tx, plan.pool, p, p.count); err != nil {
			return Reservation{}, err
		}
	}
	grant := !plan.queued && len(elig) >= p.count
	r, fresh, err := s.insertReservation(ctx, tx, client, plan.pool, req, p, grant)
	if err != nil || !fresh {
		return s.retried(ctx, tx, client, req, err)
	}
	p.id = r.ID
	requested := Event{Kind: "reservation.requested", Subject: fmt.Sprint(r.ID), Actor: client,
		Data: eventData(map[string]any{"request_id": req.RequestID, "pool": req.Pool, "count": req.Count, "image": req.Image})}
	if grant {
		r.Hosts, err = s.grantHostsTx(ctx, tx, p, elig[:p.count], *r.ExpiresAt, requested)
		return r, err
	}
	if _, err := s.appendEvent(ctx, tx, requested); err != nil || !plan.queued {
		return r, err // without a queue ahead, the hosts just looked at are all there is
	}
	grants, err := s.advanceQueueGrants(ctx, tx, plan.pool)
	if g, ok := grants[r.ID]; ok {
		r.State, r.GrantedAt, r.ExpiresAt, r.Hosts = ResActive, &g.at, &g.expires, g.hosts
	}
	return r, err
}

// retried answers a request whose id was used before with that first
// reservation; for a new request it returns cause.
func (s *Store) retried(ctx context.Context, tx *sql.Tx, client string, req ReserveRequest, cause error) (Reservation, error) {
	var domain *Error
	if cause != nil && !errors.As(cause, &domain) {
		return Reservation{}, cause // the database failed: no answer to look for
	}
	prev, err := reservationByRequest(ctx, tx, client, req.RequestID)
	if IsKind(err, KindNotFound) && cause != nil {
		return Reservation{}, cause
	}
	if err != nil {
		return Reservation{}, err
	}
	if !req.sameAs(prev) {
		return Reservation{}, Errorf(KindConflict, "request id %s was already used for a different request (reservation %d)", req.RequestID, prev.ID)
	}
	return prev, fillProvenance(ctx, tx, &prev)
}

// reservePlan is what one query tells about the pool a request names.
type reservePlan struct {
	pool, imageID int64
	queued        bool // the pool has pending requests
}

const reservePoolQuery = `SELECT p.id, p.max_lease_secs,
	(SELECT COUNT(*) FROM (SELECT 1 FROM hosts WHERE pool_id = p.id AND state <> 'retired' LIMIT +?)),
	EXISTS (SELECT 1 FROM reservations WHERE state = 'pending' AND pool_id = p.id)
	FROM pools p WHERE p.name = +?`

// checkReserve validates req against its pool in one query: the pool, its
// size counted only as far as the request needs (a pool of 10,000 hosts
// costs count index entries, not 10,000) and whether anyone waits.
// Parameters are written +? (see stmtCacheSize).
func (s *Store) checkReserve(ctx context.Context, tx *sql.Tx, req ReserveRequest) (reservePlan, error) {
	var plan reservePlan
	var maxLease int64
	var n int
	err := tx.QueryRowContext(ctx, reservePoolQuery, max(req.Count, 0), req.Pool).Scan(&plan.pool, &maxLease, &n, &plan.queued)
	if errors.Is(err, sql.ErrNoRows) {
		return plan, Errorf(KindNotFound, "pool %s not found", req.Pool)
	}
	if err != nil {
		return plan, fmt.Errorf("catalog: read pool: %w", err)
	}
	if err := req.validate(time.Duration(maxLease) * time.Second); err != nil {
		return plan, err
	}
	if req.Count > n { // below the count, n is the pool's true size
		return plan, Errorf(KindInvalid, "count %d is larger than pool %s (%d hosts): it could never be granted", req.Count, req.Pool, n)
	}
	if req.Image != "" {
		plan.imageID, err = imageID(ctx, tx, req.Image)
	}
	return plan, err
}

// insertReservation writes the request, already active when granted at
// once; fresh is false when the client used this request id before. It
// returns the reservation as a read would (times at the stored precision).
func (s *Store) insertReservation(ctx context.Context, tx *sql.Tx, client string, pid int64, req ReserveRequest, p pendingRes, grant bool) (Reservation, bool, error) {
	c, _ := json.Marshal(p.c)
	now := s.now().UnixNano()
	r := Reservation{RequestID: req.RequestID, Client: client, Pool: req.Pool, Count: req.Count, Duration: Duration(p.duration),
		Priority: req.Priority, Image: req.Image, State: ResPending, CreatedAt: time.Unix(0, now).UTC(), Hosts: []ReservedHost{}}
	var granted, expires any
	if grant {
		g, e := time.Unix(0, now).UTC(), time.Unix(0, now+p.duration).UTC()
		r.State, r.GrantedAt, r.ExpiresAt, granted, expires = ResActive, &g, &e, now, now+p.duration
	}
	var image any
	if p.imageID != 0 {
		image = p.imageID
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO reservations (request_id, client, pool_id, constraints, count, priority,
		state, image_id, duration_ns, created_at, granted_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (client, request_id) DO NOTHING`, req.RequestID, client, pid,
		string(c), req.Count, req.Priority, r.State, image, p.duration, now, granted, expires)
	if err != nil {
		return r, false, fmt.Errorf("catalog: insert reservation: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return r, false, nil
	}
	r.ID, _ = res.LastInsertId()
	var stored constraints     // exactly what scanReservation would decode
	json.Unmarshal(c, &stored) //nolint:errcheck // just marshalled
	r.Arch, r.Tags = stored.Arch, stored.Tags
	return r, true, nil
}
