// Package catalog owns ironbase's domain types, their state machines and the
// SQLite store they live in. It imports nothing of ours.
package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// Config configures a Store. Zero values work except Path.
type Config struct {
	// Path of the SQLite database file.
	Path string
	// Sealer encrypts BMC passwords at rest. Required to write BMCs.
	Sealer *Sealer
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Logger receives store diagnostics; discarded when nil.
	Logger *slog.Logger
	// EventRetention is how long events are kept by PruneEvents; 0 keeps 30 days.
	EventRetention time.Duration
}

func (c *Config) setDefaults() {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.EventRetention == 0 {
		c.EventRetention = 30 * 24 * time.Hour
	}
}

// Store is the catalog. One writer connection serialises every write
// transaction (BEGIN IMMEDIATE); a separate read-only pool serves reads.
type Store struct {
	cfg    Config
	w      *sql.DB
	r      *sql.DB
	events *notifier
	txLast atomic.Int64 // newest event id of the write transaction in progress
	writes writeQueue   // callers waiting for the writer (group commit)
	once   sync.Once
	leases leasePrepared // the DHCP lease statements, prepared on the writer
}

// Open opens (creating if needed) the store at cfg.Path and applies pending
// migrations in one transaction.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	cfg.setDefaults()
	if cfg.Path == "" {
		return nil, errors.New("catalog: open: empty path")
	}
	if err := createPrivate(cfg.Path); err != nil {
		return nil, fmt.Errorf("catalog: create %s: %w", cfg.Path, err)
	}
	w, err := sql.Open(driverName, dsn(cfg.Path, false))
	if err != nil {
		return nil, fmt.Errorf("catalog: open writer: %w", err)
	}
	w.SetMaxOpenConns(1)
	s := &Store{cfg: cfg, w: w}
	if err := s.migrate(ctx); err != nil {
		w.Close()
		return nil, err
	}
	if s.r, err = sql.Open(driverName, dsn(cfg.Path, true)); err != nil {
		w.Close()
		return nil, fmt.Errorf("catalog: open readers: %w", err)
	}
	s.r.SetMaxOpenConns(8)
	last, err := s.lastEventID(ctx)
	if err != nil {
		s.Close()
		return nil, err
	}
	s.events = newNotifier(last)
	return s, nil
}

// createPrivate creates the database file with mode 0600 if it does not
// exist; SQLite gives its -wal and -shm files the same mode.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	return f.Close()
}

// stmtCacheSize is how many prepared statements each connection keeps
// (least recently used out): more than the catalog's distinct hot queries.
//
// A cached statement is only worth keeping if SQLite does not re-plan it on
// every use. It does when the planner looked at a parameter's value: for
// any "column = ?" a candidate plan filters on, and for "LIMIT ?", binding
// the parameter again (the driver clears bindings before each use) expires
// the statement, so the next step prepares it from scratch. Hot statements
// therefore write their parameters as "+?": the same value, which the
// planner does not inspect, and indexes are used just the same.
const stmtCacheSize = 128

// writerCacheKiB is the writer connection's page cache (SQLite's
// cache_size; negative means KiB): 64 MiB rather than SQLite's 2 MiB, so
// that the index pages a write path keeps coming back to (a DHCP storm's
// leases, hosts and MACs) are not read from the file again and again.
const writerCacheKiB = -64 * 1024

func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", "10000")
	q.Set("_foreign_keys", "1")
	q.Set("_synchronous", "FULL")
	// Each connection keeps its prepared statements: a reserve or release
	// transaction runs a dozen statements, and re-preparing them cost more
	// CPU than running them.
	q.Set("_stmt_cache_size", fmt.Sprint(stmtCacheSize))
	if readOnly {
		q.Set("mode", "ro")
	} else {
		q.Set("_txlock", "immediate")
		q.Set("_cache_size", fmt.Sprint(writerCacheKiB))
	}
	return "file:" + path + "?" + q.Encode()
}

// Close closes both connection pools. It is safe to call more than once.
func (s *Store) Close() error {
	var err error
	s.once.Do(func() {
		s.leases.close()
		if s.r != nil {
			err = s.r.Close()
		}
		err = errors.Join(err, s.w.Close())
	})
	return err
}

func (s *Store) now() time.Time { return s.cfg.Now().UTC() }

// IntegrityCheck runs PRAGMA integrity_check and returns its verdict ("ok").
func (s *Store) IntegrityCheck(ctx context.Context) (string, error) {
	var v string
	if err := s.w.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&v); err != nil {
		return "", fmt.Errorf("catalog: integrity check: %w", err)
	}
	return v, nil
}
