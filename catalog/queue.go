package catalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
)

type pendingRes struct {
	key         queueKey
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
	_, err := s.advanceQueueGrants(ctx, tx, pid)
	return err
}

// advanceQueueGrants is advanceQueueTx returning what it granted, by
// reservation id. It reads the queue a page at a time and stops once every
// ready host of the pool is granted or held back: a host turning ready in a
// pool with a long queue costs the few requests it can matter to, not a
// pass over the whole queue.
func (s *Store) advanceQueueGrants(ctx context.Context, tx *sql.Tx, pid int64) (map[int64]granted, error) {
	grants := map[int64]granted{}
	held := map[int64]bool{}
	cache := shapeCache{} // by request shape: few queries however long the queue
	ready := -1
	after := queueKey{priority: math.MaxInt64}
	for {
		page, err := pendingPage(ctx, tx, pid, after)
		if err != nil || len(page) == 0 {
			return grants, err
		}
		if ready < 0 {
			if ready, err = readyHosts(ctx, tx, pid); err != nil {
				return grants, err
			}
		}
		for _, p := range page {
			if len(held) >= ready { // held hosts are ready ones: none is left for anyone
				return grants, nil
			}
			if err := s.offer(ctx, tx, pid, p, held, cache, grants); err != nil {
				return grants, err
			}
		}
		if len(page) < queuePage {
			return grants, nil
		}
		after = page[len(page)-1].key
	}
}

// offer grants p if enough eligible hosts nobody ahead holds are ready;
// otherwise p holds back every host it could use.
func (s *Store) offer(ctx context.Context, tx *sql.Tx, pid int64, p pendingRes, held map[int64]bool, cache shapeCache, grants map[int64]granted) error {
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
	if len(avail) < p.count {
		for _, h := range elig {
			held[h.id] = true
		}
		return nil
	}
	g, err := s.grant(ctx, tx, p, avail[:p.count])
	if err != nil {
		return err
	}
	grants[p.id] = g
	for _, h := range avail[:p.count] {
		held[h.id] = true // granted now: no longer free for later requests
	}
	return nil
}

// readyHosts counts the pool's ready hosts: what a queue walk can hand out
// at most.
func readyHosts(ctx context.Context, tx *sql.Tx, pid int64) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM hosts WHERE pool_id = +? AND state = 'ready'`, pid).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("catalog: count ready hosts: %w", err)
	}
	return n, nil
}

// queueKey is a pending request's place in the queue.
type queueKey struct{ priority, id int64 }

// queuePage is how many pending requests are read at a time.
const queuePage = 64

const pendingPageQuery = `SELECT id, priority, COALESCE(image_id, 0), client, count, duration_ns, constraints
	FROM reservations WHERE state = 'pending' AND pool_id = +? AND (priority < +? OR (priority = +? AND id > +?))
	ORDER BY priority DESC, id LIMIT +?`

// pendingPage reads the pool's pending requests after key, in queue order.
// Granting one takes it out of the index, so the walk goes by key, not by
// offset.
func pendingPage(ctx context.Context, tx *sql.Tx, pid int64, after queueKey) ([]pendingRes, error) {
	rows, err := tx.QueryContext(ctx, pendingPageQuery, pid, after.priority, after.priority, after.id, queuePage)
	if err != nil {
		return nil, fmt.Errorf("catalog: read queue: %w", err)
	}
	defer rows.Close()
	var out []pendingRes
	for rows.Next() {
		var p pendingRes
		var c string
		if err := rows.Scan(&p.id, &p.key.priority, &p.imageID, &p.client, &p.count, &p.duration, &c); err != nil {
			return nil, err
		}
		p.key.id = p.id
		if err := json.Unmarshal([]byte(c), &p.c); err != nil {
			return nil, fmt.Errorf("catalog: reservation %d constraints: %w", p.id, err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
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
