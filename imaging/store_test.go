package imaging

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ironbase/ironbase/catalog"
)

func newStore(t *testing.T) *Store {
	t.Helper()
	s, err := OpenStore(t.TempDir(), nil)
	if err != nil {
		t.Fatalf("OpenStore: %v", err)
	}
	return s
}

func randBytes(seed uint64, n int) []byte {
	b := make([]byte, n)
	r := rand.NewChaCha8([32]byte{byte(seed), byte(seed >> 8), byte(seed >> 16)})
	_, _ = r.Read(b)
	return b
}

// files lists every regular file under dir, relative to it.
func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return err
	})
	if err != nil {
		t.Fatalf("walk %s: %v", dir, err)
	}
	return out
}

func ingest(t *testing.T, s *Store, b []byte) Blob {
	t.Helper()
	blob, err := s.Ingest(context.Background(), bytes.NewReader(b), "")
	if err != nil {
		t.Fatalf("Ingest: %v", err)
	}
	return blob
}

func TestIngestTwiceStoresOnce(t *testing.T) {
	s := newStore(t)
	data := randBytes(1, 3*chunkSize+17) // several chunks and a tail
	a, b := ingest(t, s, data), ingest(t, s, data)
	if a != b {
		t.Fatalf("second ingest = %+v, want %+v", b, a)
	}
	if want := DigestOf(data); a.Digest != want || a.Size != int64(len(data)) {
		t.Fatalf("ingest = %+v, want digest %s size %d", a, want, len(data))
	}
	got := files(t, s.Root())
	want := []string{filepath.Join("blobs", "sha256", a.Digest.Hex()[:2], a.Digest.Hex())}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("files on disk = %q, want %q", got, want)
	}
	f, err := s.Open(a.Digest)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer f.Close()
	if back, _ := io.ReadAll(f); !bytes.Equal(back, data) {
		t.Fatalf("Open returned different bytes")
	}
}

func TestIngestEmpty(t *testing.T) {
	s := newStore(t)
	b := ingest(t, s, nil)
	if want := DigestOf(nil); b.Digest != want || b.Size != 0 {
		t.Fatalf("ingest(empty) = %+v, want %s", b, want)
	}
}

func TestIngestExpectedDigest(t *testing.T) {
	s := newStore(t)
	data := []byte("kernel bytes")
	ctx := context.Background()
	if _, err := s.Ingest(ctx, bytes.NewReader(data), DigestOf(data)); err != nil {
		t.Fatalf("Ingest with the right digest: %v", err)
	}
	other := []byte("other bytes")
	_, err := s.Ingest(ctx, bytes.NewReader(other), DigestOf(data))
	if !catalog.IsKind(err, catalog.KindInvalid) {
		t.Fatalf("Ingest with a wrong digest: err = %v, want kind invalid", err)
	}
	if s.Has(DigestOf(other)) {
		t.Fatalf("mismatched content became visible")
	}
	if _, err := s.Ingest(ctx, bytes.NewReader(data), "sha256:nothex"); !catalog.IsKind(err, catalog.KindInvalid) {
		t.Fatalf("malformed expected digest: err = %v, want kind invalid", err)
	}
	assertNoTemp(t, s)
}

type failingReader struct{ n int }

var errBoom = errors.New("boom")

func (r *failingReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, errBoom
	}
	n := min(len(p), r.n)
	r.n -= n
	return n, nil
}

func TestIngestReaderErrorLeavesNothing(t *testing.T) {
	s := newStore(t)
	_, err := s.Ingest(context.Background(), &failingReader{n: 2*chunkSize + 5}, "")
	if !errors.Is(err, errBoom) {
		t.Fatalf("err = %v, want the reader's error in the chain", err)
	}
	if got := files(t, s.Root()); len(got) != 0 {
		t.Fatalf("files left after a failed ingest: %q", got)
	}
}

func TestIngestCancelled(t *testing.T) {
	s := newStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.Ingest(ctx, bytes.NewReader(randBytes(2, 100)), "")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	assertNoTemp(t, s)
}

func assertNoTemp(t *testing.T, s *Store) {
	t.Helper()
	if got := files(t, s.tempPath()); len(got) != 0 {
		t.Fatalf("temp leftovers: %q", got)
	}
}

func TestOpenStatMissing(t *testing.T) {
	s := newStore(t)
	d := DigestOf([]byte("absent"))
	if _, err := s.Open(d); !catalog.IsKind(err, catalog.KindNotFound) {
		t.Errorf("Open(missing): err = %v, want not_found", err)
	}
	if _, err := s.Stat(d); !catalog.IsKind(err, catalog.KindNotFound) {
		t.Errorf("Stat(missing): err = %v, want not_found", err)
	}
	if err := s.Remove(d); !catalog.IsKind(err, catalog.KindNotFound) {
		t.Errorf("Remove(missing): err = %v, want not_found", err)
	}
	if _, err := s.Open("sha256:../../etc/passwd"); !catalog.IsKind(err, catalog.KindInvalid) {
		t.Errorf("Open(malformed): err = %v, want invalid", err)
	}
}

func TestListSkipsStrayFiles(t *testing.T) {
	s := newStore(t)
	b := ingest(t, s, []byte("x"))
	if err := os.WriteFile(filepath.Join(s.algoPath(), "README"), []byte("hi"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := s.List()
	if err != nil || len(got) != 1 || got[0] != b {
		t.Fatalf("List = %+v, %v; want [%+v]", got, err, b)
	}
}
