package catalog

import (
	"context"
	"errors"
	"fmt"

	"github.com/mattn/go-sqlite3"
)

// LeaseResult is one query's outcome in a [Store.LeaseBatch].
type LeaseResult struct {
	Answer LeaseAnswer
	Err    error // ErrNotYours, ErrRangeFull, or why this query alone failed
}

// ErrLeaseCommit wraps the error of a lease batch whose transaction could
// not be begun or committed: none of its queries took effect.
var ErrLeaseCommit = errors.New("catalog: lease batch not committed")

// LeaseBatch decides the queries in order, each exactly as [Store.Lease]
// would, in one write transaction: one fsync for the lot (group commit).
// A later query sees what the earlier ones wrote. A query answered with an
// error (ErrNotYours, ErrRangeFull) wrote nothing and the others go on. A
// query that fails in the database is rolled back with everything else,
// reported on its own, and the batch is run again without it. The returned
// error (wrapping ErrLeaseCommit) means the transaction could not be begun
// or committed: then no query took effect, and every result is void.
func (s *Store) LeaseBatch(ctx context.Context, qs []LeaseQuery) ([]LeaseResult, error) {
	res := make([]LeaseResult, len(qs))
	todo := make([]int, len(qs))
	for i := range todo {
		todo[i] = i
	}
	for len(todo) > 0 {
		bad, err := s.leaseBatchOnce(ctx, qs, todo, res)
		if err == nil {
			return res, nil
		}
		if bad < 0 {
			return nil, fmt.Errorf("%w (%d queries): %w", ErrLeaseCommit, len(todo), err)
		}
		res[todo[bad]] = LeaseResult{Err: err}
		todo = append(todo[:bad], todo[bad+1:]...)
	}
	return res, nil
}

// leaseBatchOnce runs qs[todo...] in one transaction and fills res. When
// one query fails in the database it returns that query's position in todo
// and its error (the transaction is rolled back); -1 and an error mean the
// begin or commit failed.
func (s *Store) leaseBatchOnce(ctx context.Context, qs []LeaseQuery, todo []int, res []LeaseResult) (int, error) {
	bad := -1
	err := s.writeLeases(ctx, func(p *leaseStmts) error {
		for pos, i := range todo {
			ans, err := p.lease(ctx, qs[i])
			if err != nil && !isLeaseAnswer(err) {
				bad = pos
				return err
			}
			res[i] = LeaseResult{Answer: ans, Err: err}
		}
		return nil
	})
	if err != nil {
		return bad, err
	}
	return -1, nil
}

// isLeaseAnswer reports whether err is a decision leaseTx makes before it
// writes anything, rather than a failure.
func isLeaseAnswer(err error) bool {
	var ce *Error
	return errors.Is(err, ErrNotYours) || errors.Is(err, ErrRangeFull) ||
		(errors.As(err, &ce) && ce.Kind == KindInvalid)
}

// writeLeases runs fn in one write transaction on the writer connection's
// driver (see leaseStmts): the same connection, BEGIN IMMEDIATE and
// synchronous=FULL commit as [Store.write], and the events fn appended are
// announced once the commit succeeded. The statements stay prepared on
// the connection for the next transaction.
func (s *Store) writeLeases(ctx context.Context, fn func(p *leaseStmts) error) error {
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("catalog: begin: %w", err)
	}
	defer conn.Close()
	s.leases.mu.Lock()
	defer s.leases.mu.Unlock()
	var last int64
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(*sqlite3.SQLiteConn)
		if !ok {
			return fmt.Errorf("catalog: the writer is a %T, not SQLite", dc)
		}
		tx, err := c.Begin()
		if err != nil {
			return fmt.Errorf("catalog: begin: %w", err)
		}
		p := &leaseStmts{s: s, conn: c, stmts: s.leases.on(c)}
		if err = fn(p); err != nil {
			tx.Rollback() //nolint:errcheck // the error that made us roll back matters more
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("catalog: commit: %w", err)
		}
		last = p.last
		return nil
	})
	if err == nil && last > 0 && s.events != nil {
		s.events.set(last)
	}
	return err
}
