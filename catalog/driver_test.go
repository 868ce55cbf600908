package catalog

import (
	"context"
	"testing"
)

// Every connection gets the WAL checkpoint threshold, and the writer its
// larger page cache; a reader keeps SQLite's default.
func TestConnectionTuning(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	var pages, cache int
	if err := s.w.QueryRowContext(ctx, "PRAGMA wal_autocheckpoint").Scan(&pages); err != nil || pages != walCheckpointPages {
		t.Errorf("writer wal_autocheckpoint = %d, %v; want %d", pages, err, walCheckpointPages)
	}
	if err := s.w.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&cache); err != nil || cache != writerCacheKiB {
		t.Errorf("writer cache_size = %d, %v; want %d", cache, err, writerCacheKiB)
	}
	if err := s.r.QueryRowContext(ctx, "PRAGMA wal_autocheckpoint").Scan(&pages); err != nil || pages != walCheckpointPages {
		t.Errorf("reader wal_autocheckpoint = %d, %v; want %d", pages, err, walCheckpointPages)
	}
	if err := s.r.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&cache); err != nil || cache == writerCacheKiB {
		t.Errorf("reader cache_size = %d, %v; want SQLite's default, not the writer's", cache, err)
	}
}
