package imaging

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/ironbase/ironbase/catalog"
)

// corrupt flips one byte of blob d in place.
func corrupt(t *testing.T, s *Store, d Digest, off int64) {
	t.Helper()
	p := s.blobPath(d)
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(p, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := make([]byte, 1)
	if _, err := f.ReadAt(b, off); err != nil {
		t.Fatal(err)
	}
	b[0] ^= 0x01
	if _, err := f.WriteAt(b, off); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyCatchesOneFlippedByte(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	good := ingest(t, s, randBytes(3, chunkSize+100))
	bad := ingest(t, s, randBytes(4, 2*chunkSize+1))
	if got, err := s.VerifyAll(ctx); err != nil || len(got) != 0 {
		t.Fatalf("VerifyAll on a clean store = %v, %v; want none", got, err)
	}
	corrupt(t, s, bad.Digest, chunkSize+7)

	err := s.Verify(ctx, bad.Digest)
	if !errors.Is(err, ErrCorrupt) || !catalog.IsKind(err, catalog.KindUnavailable) {
		t.Fatalf("Verify(corrupt) = %v, want ErrCorrupt of kind unavailable", err)
	}
	if err := s.Verify(ctx, good.Digest); err != nil {
		t.Fatalf("Verify(good) = %v", err)
	}
	got, err := s.VerifyAll(ctx)
	if err != nil {
		t.Fatalf("VerifyAll: %v", err)
	}
	if len(got) != 1 || got[0].Digest != bad.Digest || !errors.Is(got[0].Err, ErrCorrupt) {
		t.Fatalf("VerifyAll = %+v, want only %s as corrupt", got, bad.Digest.Short())
	}
}

func TestReingestHealsCorruptBlob(t *testing.T) {
	s := newStore(t)
	data := randBytes(5, 4096)
	b := ingest(t, s, data)
	corrupt(t, s, b.Digest, 10)
	ingest(t, s, data)
	if err := s.Verify(context.Background(), b.Digest); err != nil {
		t.Fatalf("Verify after re-ingest = %v, want healed", err)
	}
}

func TestVerifyMissing(t *testing.T) {
	s := newStore(t)
	err := s.Verify(context.Background(), DigestOf([]byte("nope")))
	if !catalog.IsKind(err, catalog.KindNotFound) {
		t.Fatalf("Verify(missing) = %v, want not_found", err)
	}
}
