package imaging

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"testing/iotest"
)

func TestHashCopySizes(t *testing.T) {
	for _, n := range []int{0, 1, directAlign + 3, chunkSize - 1, chunkSize, chunkSize + 1, 3*chunkSize + 17} {
		data := randBytes(uint64(n), n)
		var sink bytes.Buffer
		d, got, err := hashCopy(context.Background(), bufSink{&sink}, iotest.HalfReader(bytes.NewReader(data)))
		if err != nil || d != DigestOf(data) || got != int64(n) {
			t.Fatalf("hashCopy(%d bytes) = %s, %d, %v; want %s, %d", n, d.Short(), got, err, DigestOf(data).Short(), n)
		}
		if !bytes.Equal(sink.Bytes(), data) {
			t.Fatalf("hashCopy(%d bytes) wrote different bytes", n)
		}
		if d, _, err := hashCopy(context.Background(), nil, bytes.NewReader(data)); err != nil || d != DigestOf(data) {
			t.Fatalf("hashCopy(%d bytes, no sink) = %s, %v", n, d.Short(), err)
		}
	}
}

type bufSink struct{ b *bytes.Buffer }

func (s bufSink) write(b []byte) error { _, err := s.b.Write(b); return err }

// failSink fails its third write.
type failSink struct{ writes int }

var errSinkBoom = errors.New("sink boom")

func (s *failSink) write([]byte) error {
	if s.writes++; s.writes == 3 {
		return errSinkBoom
	}
	return nil
}

// countReader is an endless stream that counts what was read.
type countReader struct{ n int64 }

func (r *countReader) Read(p []byte) (int, error) { r.n += int64(len(p)); return len(p), nil }

func TestHashCopyStopsReadingAfterWriteError(t *testing.T) {
	r := &countReader{}
	_, _, err := hashCopy(context.Background(), &failSink{}, r)
	if !errors.Is(err, errSinkBoom) {
		t.Fatalf("err = %v, want the sink's error", err)
	}
	// At most the failed chunk, those in flight and one more read.
	if max := int64(3+chunkCount+1) * chunkSize; r.n > max {
		t.Fatalf("read %d bytes after the sink failed, want at most %d", r.n, max)
	}
}

// TestBlobFileFallsBack writes a chunk whose memory is not aligned: O_DIRECT
// refuses it (EINVAL) and blobFile writes it through the page cache.
func TestBlobFileFallsBack(t *testing.T) {
	f := tempFile(t)
	w := newBlobFile(f)
	buf := alignedBuffer(2 * directAlign)
	data := buf[1 : 1+directAlign]
	copy(data, randBytes(5, directAlign))
	if err := w.write(data); err != nil {
		t.Fatalf("write: %v", err)
	}
	if w.direct {
		t.Fatalf("still direct after a misaligned write")
	}
	assertFile(t, f.Name(), data)
}

func tempFile(t *testing.T) *os.File {
	t.Helper()
	f, err := os.Create(filepath.Join(t.TempDir(), "blob"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func assertFile(t *testing.T, name string, want []byte) {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := io.ReadAll(f)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("file holds %d bytes (%v), want the %d written", len(got), err, len(want))
	}
}
