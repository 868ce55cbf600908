package catalog

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable clock for tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type testStore struct {
	*Store
	clock *fakeClock
	path  string
}

func newTestStore(t testing.TB) testStore {
	t.Helper()
	dir := t.TempDir()
	sealer, err := LoadOrCreateKey(filepath.Join(dir, "secret.key"))
	if err != nil {
		t.Fatal(err)
	}
	clock := newFakeClock()
	path := filepath.Join(dir, "catalog.db")
	s, err := Open(context.Background(), Config{Path: path, Sealer: sealer, Now: clock.Now})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return testStore{Store: s, clock: clock, path: path}
}

func mustPool(t testing.TB, s testStore, name string) {
	t.Helper()
	if _, err := s.CreatePool(context.Background(), Pool{Name: name}, "test"); err != nil {
		t.Fatalf("CreatePool(%s): %v", name, err)
	}
}

func mustHost(t testing.TB, s testStore, name, mac string) Host {
	t.Helper()
	h, err := s.CreateHost(context.Background(), NewHost{Name: name, MACs: []string{mac}}, "test")
	if err != nil {
		t.Fatalf("CreateHost(%s): %v", name, err)
	}
	return h
}

func countRows(t testing.TB, s testStore, table string) int {
	t.Helper()
	var n int
	if err := s.r.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestOpenMigratesOnceAndRecordsVersion(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	s.Close()
	s2, err := Open(ctx, Config{Path: s.path})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s2.Close()
	var n, v int
	if err := s2.r.QueryRow(`SELECT COUNT(*), MAX(version) FROM schema_version`).Scan(&n, &v); err != nil {
		t.Fatal(err)
	}
	if n != SchemaVersion() || v != SchemaVersion() {
		t.Errorf("schema_version rows=%d max=%d, want %d migrations up to %d", n, v, SchemaVersion(), SchemaVersion())
	}
	if got, err := s2.IntegrityCheck(ctx); err != nil || got != "ok" {
		t.Errorf("integrity_check = %q, %v", got, err)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	s := newTestStore(t)
	if _, err := s.w.Exec(`INSERT INTO schema_version VALUES (9999, 0)`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err := Open(context.Background(), Config{Path: s.path})
	if !IsKind(err, KindUnavailable) {
		t.Fatalf("Open on a newer schema: got %v, want an unavailable error", err)
	}
}
