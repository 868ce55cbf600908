package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
)

// maxWriteBatch bounds how many callers share one write transaction, so
// that the lease group commit (which has its own transactions on the same
// connection) never waits long behind one.
const maxWriteBatch = 64

// writeCall is one queued [Store.write].
type writeCall struct {
	ctx  context.Context
	fn   writeFn
	done chan error
}

// writeQueue holds the callers waiting for the writer. One runner
// goroutine at a time takes everything queued (up to maxWriteBatch) and
// runs it in one transaction, so while one fsync runs the next batch
// gathers. There is no timer: a lone write is begun at once, and under
// load batches grow by themselves. The runner exists only while work is
// queued.
type writeQueue struct {
	mu      sync.Mutex
	queue   []*writeCall
	running bool
}

func (q *writeQueue) enqueue(c *writeCall, run func()) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.queue = append(q.queue, c)
	if !q.running {
		q.running = true
		go run()
	}
}

// take removes up to maxWriteBatch calls; none means the runner must end.
func (q *writeQueue) take() []*writeCall {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := min(len(q.queue), maxWriteBatch)
	if n == 0 {
		q.running = false
		return nil
	}
	batch := append([]*writeCall(nil), q.queue[:n]...)
	q.queue = append(q.queue[:0], q.queue[n:]...)
	return batch
}

// runWrites commits batches until the queue is empty.
func (s *Store) runWrites() {
	for batch := s.writes.take(); batch != nil; batch = s.writes.take() {
		errs := s.writeBatch(batch)
		for i, c := range batch {
			c.done <- diskFull(errs[i])
		}
	}
}

// errBatchAborted marks the write of a caller whose own part succeeded but
// whose transaction was rolled back by another part's failure.
var errBatchAborted = errors.New("catalog: write not committed: the transaction it shared was rolled back")

// writeBatch runs every call in one transaction, each inside its own
// savepoint: a call that fails is rolled back to its savepoint and the
// others go on. It returns each call's error. When the transaction as a
// whole fails (begin, a savepoint that cannot be rolled back to because
// SQLite already rolled everything back, commit), every call whose part
// had succeeded gets that error instead: nothing of the batch is written.
func (s *Store) writeBatch(batch []*writeCall) []error {
	errs := make([]error, len(batch))
	tx, err := s.w.BeginTx(context.Background(), nil)
	if err != nil {
		return fill(errs, fmt.Errorf("catalog: begin: %w", err))
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	applied := 0
	for i, c := range batch {
		if errs[i] = c.ctx.Err(); errs[i] != nil {
			continue
		}
		var fatal error
		errs[i], fatal = s.runPart(tx, c, len(batch) > 1)
		if fatal != nil {
			return s.abort(errs, fatal)
		}
		if errs[i] == nil {
			applied++
		}
	}
	last := s.txLast.Swap(0)
	if applied == 0 {
		return errs
	}
	if err := tx.Commit(); err != nil {
		return s.abort(errs, fmt.Errorf("catalog: commit: %w", err))
	}
	if last > 0 && s.events != nil {
		s.events.set(last)
	}
	return errs
}

// runPart runs one call's fn, inside a savepoint when others share the
// transaction. It returns fn's error, and a fatal error when the
// transaction itself can no longer be used.
func (s *Store) runPart(tx *sql.Tx, c *writeCall, shared bool) (err, fatal error) {
	ctx := context.WithoutCancel(c.ctx)
	if !shared {
		return c.fn(ctx, tx), nil
	}
	if _, err := tx.Exec("SAVEPOINT part"); err != nil {
		return nil, fmt.Errorf("catalog: savepoint: %w", err)
	}
	mark := s.txLast.Load()
	if err = c.fn(ctx, tx); err != nil {
		s.txLast.Store(mark) // its events are undone with it
		if _, rerr := tx.Exec("ROLLBACK TO part; RELEASE part"); rerr != nil {
			return err, fmt.Errorf("catalog: undo a failed write: %w (after: %w)", rerr, err)
		}
		return err, nil
	}
	if _, err := tx.Exec("RELEASE part"); err != nil {
		return nil, fmt.Errorf("catalog: release savepoint: %w", err)
	}
	return nil, nil
}

// abort gives every call whose part had succeeded or had not run yet the
// batch's fatal error: the transaction is rolled back by writeBatch's
// defer, so none of it is written. Calls that failed on their own keep
// their error.
func (s *Store) abort(errs []error, fatal error) []error {
	s.txLast.Store(0)
	for i := range errs {
		if errs[i] == nil {
			errs[i] = fmt.Errorf("%w: %w", errBatchAborted, fatal)
		}
	}
	return errs
}

func fill(errs []error, err error) []error {
	for i := range errs {
		errs[i] = err
	}
	return errs
}
