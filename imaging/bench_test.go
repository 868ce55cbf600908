package imaging

import (
	"bytes"
	"context"
	"os"
	"testing"
)

// BenchmarkIngest ingests 64 MiB from memory into a store under
// IMAGING_BENCH_DIR (default: a temp dir). Different content each time.
func BenchmarkIngest(b *testing.B) {
	dir := os.Getenv("IMAGING_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	s, err := OpenStore(dir, nil)
	if err != nil {
		b.Fatal(err)
	}
	data := randBytes(40, 64<<20)
	b.SetBytes(int64(len(data)))
	for i := 0; b.Loop(); i++ {
		data[0], data[1] = byte(i), byte(i>>8)
		if _, err := s.Ingest(context.Background(), bytes.NewReader(data), ""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIngestFile ingests the file named by IMAGING_BENCH_FILE (for
// the 1-2 GiB comparison with openssl speed) into a store under
// IMAGING_BENCH_DIR (default: a temp dir). The same content each time, so
// from the second round on it measures the dedup path, which still writes
// and renames a full copy.
func BenchmarkIngestFile(b *testing.B) {
	name := os.Getenv("IMAGING_BENCH_FILE")
	if name == "" {
		b.Skip("set IMAGING_BENCH_FILE to a large file")
	}
	st, err := os.Stat(name)
	if err != nil {
		b.Fatal(err)
	}
	dir := os.Getenv("IMAGING_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	s, err := OpenStore(dir, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	for b.Loop() {
		f, err := os.Open(name)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Ingest(context.Background(), f, ""); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}
