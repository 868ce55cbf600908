package imaging

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/testsuite/prereq"
)

// TestIngestWritesDirect checks that on a disk file system whole chunks go
// to the temp file with O_DIRECT and that the short tail switches to the
// page cache, and that tmpfs is written through the page cache.
func TestIngestWritesDirect(t *testing.T) {
	f, err := os.Create(filepath.Join(mountExt4(t, "32M"), "blob"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := newBlobFile(f)
	if !w.direct || !hasDirect(t, f.Fd()) {
		t.Fatalf("temp file on ext4 is not O_DIRECT")
	}
	data := randBytes(6, 2*chunkSize+100)
	if _, _, err := hashCopy(context.Background(), w, bytes.NewReader(data)); err != nil {
		t.Fatalf("hashCopy: %v", err)
	}
	if w.direct || hasDirect(t, f.Fd()) {
		t.Fatalf("still O_DIRECT after the unaligned tail")
	}
	assertFile(t, f.Name(), data)

	m, err := os.Create(filepath.Join(prereq.Tmpfs(t, "1m"), "blob"))
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if newBlobFile(m).direct || hasDirect(t, m.Fd()) {
		t.Fatalf("temp file on tmpfs is O_DIRECT")
	}
}

func hasDirect(t *testing.T, fd uintptr) bool {
	t.Helper()
	fl, err := unix.FcntlInt(fd, unix.F_GETFL, 0)
	if err != nil {
		t.Fatal(err)
	}
	return fl&unix.O_DIRECT != 0
}

// TestIngestFullDiskDirect is TestIngestFullDisk on ext4, where the
// failing writes are O_DIRECT ones.
func TestIngestFullDiskDirect(t *testing.T) {
	s, err := OpenStore(mountExt4(t, "16M"), nil)
	if err != nil {
		t.Fatalf("OpenStore: %v", err)
	}
	first := ingest(t, s, randBytes(20, 2<<20))
	before := files(t, s.Root())

	_, err = s.Ingest(context.Background(), bytes.NewReader(randBytes(21, 32<<20)), "")
	if !errors.Is(err, syscall.ENOSPC) || !catalog.IsKind(err, catalog.KindUnavailable) {
		t.Fatalf("Ingest(32 MiB on 16 MiB) err = %v, want ENOSPC of kind unavailable", err)
	}
	t.Logf("error: %v", err)
	if after := files(t, s.Root()); !slices.Equal(after, before) {
		t.Fatalf("store changed: files %q, were %q", after, before)
	}
	if err := s.Verify(context.Background(), first.Digest); err != nil {
		t.Fatalf("earlier blob damaged: %v", err)
	}
	ingest(t, s, randBytes(22, 2<<20))
}
