package catalog

import (
	"context"
	"database/sql"
	"fmt"
)

// writeFn is one caller's part of a write transaction. Its ctx carries the
// caller's values but is never cancelled while fn runs: a statement
// interrupted by a cancelled context would roll back the whole
// transaction, which other callers share (see writeBatch).
type writeFn func(ctx context.Context, tx *sql.Tx) error

// write runs fn in a write transaction on the single writer connection
// and returns once that transaction is durable (or failed). Concurrent
// callers share transactions: group commit, one fsync for the lot (see
// writeBatch). fn sees everything written before it, its own writes are
// undone when it returns an error, and events it appended are announced
// to waiters only after the commit. A caller whose ctx is done before its
// turn comes gets ctx's error and nothing is written.
func (s *Store) write(ctx context.Context, fn writeFn) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c := &writeCall{ctx: ctx, fn: fn, done: make(chan error, 1)}
	s.writes.enqueue(c, s.runWrites)
	return <-c.done
}

// read runs fn in a read transaction on the read-only pool, so it sees one
// consistent snapshot.
func (s *Store) read(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("catalog: begin read: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	return fn(tx)
}
