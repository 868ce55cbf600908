package catalog

import (
	"context"
	"database/sql"
	"fmt"
)

// write runs fn in one write transaction (BEGIN IMMEDIATE through the
// single writer connection). Events appended inside fn are announced to
// waiters only after the commit succeeds.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("catalog: begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	err = fn(tx)
	last := s.txLast.Swap(0) // only this transaction can have set it: it holds the one writer connection
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("catalog: commit: %w", err)
	}
	if last > 0 && s.events != nil {
		s.events.set(last)
	}
	return nil
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
