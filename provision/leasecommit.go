package provision

import (
	"context"
	"sync"

	"github.com/ironbase/ironbase/catalog"
)

// batchFunc commits queries together and reports each one's result, or an
// error for the whole batch (then nothing took effect).
type batchFunc func(ctx context.Context, qs []catalog.LeaseQuery) ([]catalog.LeaseResult, error)

// groupCommit turns concurrent lease commits into few transactions: a
// caller queues its query and waits; one runner goroutine at a time takes
// everything queued (up to max) and commits it in one transaction, so
// while one fsync runs the next batch gathers. There is no timer: a lone
// request is committed at once, and under load batches grow by themselves.
// The runner exists only while work is queued.
type groupCommit struct {
	commit batchFunc
	max    int

	mu      sync.Mutex
	queue   []*commitCall
	running bool
}

// commitCall is one queued query and who to tell its result.
type commitCall struct {
	q    catalog.LeaseQuery
	done func(catalog.LeaseResult)
}

// do commits q with whatever else is queued and returns its result once
// the batch is durable. A cancelled ctx stops the wait, not the commit.
func (g *groupCommit) do(ctx context.Context, q catalog.LeaseQuery) (catalog.LeaseAnswer, error) {
	ch := make(chan catalog.LeaseResult, 1)
	g.enqueue(q, func(r catalog.LeaseResult) { ch <- r })
	select {
	case r := <-ch:
		return r.Answer, r.Err
	case <-ctx.Done():
		return catalog.LeaseAnswer{}, ctx.Err()
	}
}

// enqueue queues q; done gets its result, on the runner's goroutine, once
// the batch is durable (or failed).
func (g *groupCommit) enqueue(q catalog.LeaseQuery, done func(catalog.LeaseResult)) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.queue = append(g.queue, &commitCall{q: q, done: done})
	if !g.running {
		g.running = true
		go g.run()
	}
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
		batch := g.queue[:n:n]
		g.queue = append([]*commitCall(nil), g.queue[n:]...)
		g.mu.Unlock()
		g.commitBatch(batch)
	}
}

// commitBatch runs one batch and wakes its callers: each gets its own
// result, or every one of them the batch's error.
func (g *groupCommit) commitBatch(batch []*commitCall) {
	qs := make([]catalog.LeaseQuery, len(batch))
	for i, c := range batch {
		qs[i] = c.q
	}
	res, err := g.commit(context.Background(), qs)
	// The callers hear their results on another goroutine (they build and
	// send replies), while this one goes on to commit the next batch.
	go func() {
		for i, c := range batch {
			if err != nil {
				c.done(catalog.LeaseResult{Err: err})
			} else {
				c.done(res[i])
			}
		}
	}()
}
