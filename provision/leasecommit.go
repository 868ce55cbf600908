package provision

import (
	"context"
	"sync"
	"time"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/provision/dhcp"
)

// batchFunc commits queries together and reports each one's result, or an
// error for the whole batch (then nothing took effect).
type batchFunc func(ctx context.Context, qs []catalog.LeaseQuery) ([]catalog.LeaseResult, error)

// groupCommit turns concurrent lease commits into few transactions: a
// caller queues its query; one runner goroutine at a time takes everything
// queued (up to max) and commits it in one transaction, so while one fsync
// runs the next batch gathers. A lone request is committed at once. Under
// load the runner paces itself: a batch short of max is committed no
// sooner than pace after the previous one began (or as soon as the queue
// fills), because a commit's cost is mostly per transaction and per page,
// not per lease (see docs/design.md). The runner exists only while work
// is queued. A query still queued after its deadline is dropped
// (dhcp.ErrStale) rather than committed; more than maxQueue waiting are
// refused (dhcp.ErrOverload).
type groupCommit struct {
	commit   batchFunc
	max      int
	maxQueue int
	pace     time.Duration // 0: no pacing
	now      func() time.Time
	after    func(time.Duration) <-chan time.Time // default time.After

	mu      sync.Mutex
	queue   []commitCall
	running bool
	full    chan struct{} // while the runner paces: closed once the queue holds max
}

// commitCall is one queued query and who to tell its result.
type commitCall struct {
	ctx      context.Context // the caller's: the DHCP server's, for dhcp.Together
	q        catalog.LeaseQuery
	deadline time.Time // zero: none
	done     func(catalog.LeaseResult)
}

// enqueue queues q; done gets its result on another goroutine once the
// batch is durable (or failed, or q was dropped), or at once when the
// queue is full.
func (g *groupCommit) enqueue(ctx context.Context, q catalog.LeaseQuery, deadline time.Time, done func(catalog.LeaseResult)) {
	g.mu.Lock()
	if len(g.queue) >= g.maxQueue {
		g.mu.Unlock()
		done(catalog.LeaseResult{Err: dhcp.ErrOverload})
		return
	}
	g.queue = append(g.queue, commitCall{ctx: ctx, q: q, deadline: deadline, done: done})
	if g.full != nil && len(g.queue) >= g.max {
		close(g.full)
		g.full = nil
	}
	if !g.running {
		g.running = true
		go g.run()
	}
	g.mu.Unlock()
}

// run commits batches until the queue is empty.
func (g *groupCommit) run() {
	var began time.Time // the previous batch's; zero before the first
	for {
		g.waitForBatch(began)
		g.mu.Lock()
		n := min(len(g.queue), g.max)
		if n == 0 {
			g.running = false
			g.mu.Unlock()
			return
		}
		batch := append([]commitCall(nil), g.queue[:n]...)
		g.queue = append(g.queue[:0], g.queue[n:]...)
		g.mu.Unlock()
		began = g.now()
		g.commitBatch(batch)
	}
}

// waitForBatch returns once pace has passed since began, or at once when
// the queue already holds a full batch, fills up meanwhile, or nothing
// began before (the first batch after idle is not delayed). It waits on an
// empty queue too: a request arriving just after a commit is paced like
// the rest, and the runner ends once a pace went by with nothing queued.
func (g *groupCommit) waitForBatch(began time.Time) {
	if g.pace <= 0 || began.IsZero() {
		return
	}
	wait := g.pace - g.now().Sub(began)
	if wait <= 0 {
		return
	}
	g.mu.Lock()
	if len(g.queue) >= g.max {
		g.mu.Unlock()
		return
	}
	full := make(chan struct{})
	g.full = full
	g.mu.Unlock()
	after := g.after
	if after == nil {
		after = time.After
	}
	select {
	case <-after(wait):
	case <-full:
	}
	g.mu.Lock()
	g.full = nil
	g.mu.Unlock()
}

// commitBatch commits the fresh calls of batch in one transaction and
// wakes every caller: each gets its own result, or every one of them the
// batch's error; stale calls get dhcp.ErrStale and are not committed.
func (g *groupCommit) commitBatch(batch []commitCall) {
	now := g.now()
	fresh := batch[:0:0]
	var stale []commitCall
	for _, c := range batch {
		if !c.deadline.IsZero() && now.After(c.deadline) {
			stale = append(stale, c)
		} else {
			fresh = append(fresh, c)
		}
	}
	var res []catalog.LeaseResult
	var err error
	if len(fresh) > 0 {
		qs := make([]catalog.LeaseQuery, len(fresh))
		for i, c := range fresh {
			qs[i] = c.q
		}
		res, err = g.commit(context.Background(), qs)
	}
	// The callers hear their results on another goroutine (they build and
	// send replies), while this one goes on to commit the next batch. The
	// replies leave together (one system call): a batch's requests come
	// from one DHCP server.
	go dhcp.Together(batch[0].ctx, func() {
		for _, c := range stale {
			c.done(catalog.LeaseResult{Err: dhcp.ErrStale})
		}
		for i, c := range fresh {
			if err != nil {
				c.done(catalog.LeaseResult{Err: err})
			} else {
				c.done(res[i])
			}
		}
	})
}
