package catalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
)

type pendingRes struct {
	id, imageID int64
	client      string
	count       int
	duration    int64
	c           constraints
}

// advanceQueueTx grants the pool's pending reservations in order (priority,
// then arrival). A request that cannot be granted keeps every host it could
// use for itself: later requests get only hosts no earlier waiting request
// could take, so nothing is starved and disjoint requests still flow.
func (s *Store) advanceQueueTx(ctx context.Context, tx *sql.Tx, pid int64) error {
	pending, err := pendingReservations(ctx, tx, pid)
	if err != nil {
		return err
	}
	held := map[int64]bool{}
	cache := shapeCache{} // by request shape: few queries however long the queue
	for _, p := range pending {
		elig, err := cache.get(ctx, tx, pid, p, p.count+len(held))
		if err != nil {
			return err
		}
		var avail []eligible
		for _, h := range elig {
			if !held[h.id] {
				avail = append(avail, h)
			}
		}
		if len(avail) >= p.count {
			if err := s.grant(ctx, tx, p, avail[:p.count]); err != nil {
				return err
			}
			for _, h := range avail[:p.count] {
				held[h.id] = true // granted now: no longer free for later requests
			}
			continue
		}
		for _, h := range elig {
			held[h.id] = true
		}
	}
	return nil
}

func pendingReservations(ctx context.Context, tx *sql.Tx, pid int64) ([]pendingRes, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, COALESCE(image_id, 0), client, count, duration_ns, constraints
		FROM reservations WHERE state = 'pending' AND pool_id = ? ORDER BY priority DESC, id`, pid)
	if err != nil {
		return nil, fmt.Errorf("catalog: read queue: %w", err)
	}
	defer rows.Close()
	var out []pendingRes
	for rows.Next() {
		var p pendingRes
		var c string
		if err := rows.Scan(&p.id, &p.imageID, &p.client, &p.count, &p.duration, &c); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(c), &p.c); err != nil {
			return nil, fmt.Errorf("catalog: reservation %d constraints: %w", p.id, err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// grant hands the hosts to the reservation: each goes ready → reserved
// with its event, and the boot it is running is recorded as provenance.
func (s *Store) grant(ctx context.Context, tx *sql.Tx, p pendingRes, hosts []eligible) error {
	now := s.now()
	names := make([]string, len(hosts))
	for i, h := range hosts {
		t := HostTransition{From: HostReady, To: HostReserved, Reason: fmt.Sprintf("reservation %d", p.id), Actor: p.client}
		if _, err := s.transitionHostTx(ctx, tx, h.name, t); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO reservation_hosts (reservation_id, host_id, boot_id) VALUES (?, ?, ?)`,
			p.id, h.id, h.boot); err != nil {
			return fmt.Errorf("catalog: grant host: %w", err)
		}
		names[i] = h.name
	}
	_, err := tx.ExecContext(ctx, `UPDATE reservations SET state = 'active', granted_at = ?, expires_at = ? WHERE id = ?`,
		now.UnixNano(), now.UnixNano()+p.duration, p.id)
	if err != nil {
		return fmt.Errorf("catalog: activate reservation: %w", err)
	}
	_, err = s.appendEvent(ctx, tx, Event{Kind: "reservation.granted", Subject: fmt.Sprint(p.id), Actor: p.client,
		Data: eventData(map[string]any{"hosts": names, "expires_at": now.Add(durationOf(p.duration))})})
	return err
}

// cached is one request shape's eligible hosts, fetched up to limit rows.
type cached struct {
	hosts []eligible
	limit int
}

type shapeCache map[string]cached

// get returns at least need eligible hosts of p's shape when that many
// exist: the query stops after need rows (a pool of 10,000 ready hosts
// costs a handful of rows per grant, not 10,000), and is repeated with a
// larger limit only when a later request needs more.
func (c shapeCache) get(ctx context.Context, tx *sql.Tx, pid int64, p pendingRes, need int) ([]eligible, error) {
	key := fmt.Sprintf("%d|%s|%s", p.imageID, p.c.Arch, tagKey(p.c.Tags))
	e, ok := c[key]
	if ok && (len(e.hosts) < e.limit || e.limit >= need) {
		return e.hosts, nil
	}
	hosts, err := eligibleHosts(ctx, tx, pid, p, need)
	if err != nil {
		return nil, err
	}
	c[key] = cached{hosts: hosts, limit: need}
	return hosts, nil
}
