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
// runs the next batch gathers. There is no timer: a lone request is
// committed at once, and under load batches grow by themselves. The runner
// exists only while work is queued. A query still queued after its
// deadline is dropped (dhcp.ErrStale) rather than committed; more than
// maxQueue waiting are refused (dhcp.ErrOverload).
type groupCommit struct {
	commit   batchFunc
	max      int
	maxQueue int
	now      func() time.Time

	mu      sync.Mutex
	queue   []commitCall
	running bool
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
	if !g.running {
		g.running = true
		go g.run()
	}
	g.mu.Unlock()
}

// run commits batches until the queue is empty.
func (g *groupCommit) run() {
	for {
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
		g.commitBatch(batch)
	}
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
