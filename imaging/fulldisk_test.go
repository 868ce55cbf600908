package imaging

import (
	"bytes"
	"context"
	"errors"
	"syscall"
	"testing"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/testsuite/prereq"
)

// TestIngestFullDisk ingests more than fits on a 4 MiB tmpfs: the error is
// clear (ENOSPC, kind unavailable), the store is as it was and no temp file
// is left behind.
func TestIngestFullDisk(t *testing.T) {
	s, err := OpenStore(prereq.Tmpfs(t, "4m"), nil)
	if err != nil {
		t.Fatalf("OpenStore: %v", err)
	}
	first := ingest(t, s, randBytes(10, 1<<20))
	before := files(t, s.Root())

	_, err = s.Ingest(context.Background(), bytes.NewReader(randBytes(11, 8<<20)), "")
	if !errors.Is(err, syscall.ENOSPC) || !catalog.IsKind(err, catalog.KindUnavailable) {
		t.Fatalf("Ingest(8 MiB on 4 MiB) err = %v, want ENOSPC of kind unavailable", err)
	}
	t.Logf("error: %v", err)
	after := files(t, s.Root())
	if len(after) != len(before) || after[0] != before[0] {
		t.Fatalf("store changed: files %q, were %q", after, before)
	}
	if err := s.Verify(context.Background(), first.Digest); err != nil {
		t.Fatalf("earlier blob damaged: %v", err)
	}
	// The space came back: a blob that fits still goes in.
	ingest(t, s, randBytes(12, 1<<20))
}
