package imaging

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

func TestGCRemovesOnlyUnreferenced(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	keep, drop := ingest(t, s, []byte("keep")), ingest(t, s, []byte("drop"))
	leftover := filepath.Join(s.tempPath(), "ingest-crashed")
	if err := os.WriteFile(leftover, []byte("partial"), 0o600); err != nil {
		t.Fatal(err)
	}
	refs := map[Digest]bool{keep.Digest: true}

	dry, err := s.GC(ctx, refs, GCOptions{DryRun: true})
	if err != nil {
		t.Fatalf("GC dry run: %v", err)
	}
	if len(dry.Removed) != 1 || dry.Removed[0] != drop || len(dry.Temp) != 1 || dry.Kept != 1 {
		t.Fatalf("dry run report = %+v, want %s and one temp file", dry, drop.Digest.Short())
	}
	if !s.Has(drop.Digest) || len(files(t, s.tempPath())) != 1 {
		t.Fatalf("dry run removed something")
	}

	rep, err := s.GC(ctx, refs, GCOptions{})
	if err != nil {
		t.Fatalf("GC: %v", err)
	}
	if len(rep.Removed) != 1 || rep.Freed != drop.Size {
		t.Fatalf("report = %+v, want %s removed", rep, drop.Digest.Short())
	}
	if s.Has(drop.Digest) || !s.Has(keep.Digest) {
		t.Fatalf("after GC: has(drop)=%v has(keep)=%v, want false true", s.Has(drop.Digest), s.Has(keep.Digest))
	}
	assertNoTemp(t, s)
}

func TestGCRefusesMalformedReference(t *testing.T) {
	s := newStore(t)
	b := ingest(t, s, []byte("x"))
	_, err := s.GC(context.Background(), map[Digest]bool{Digest(b.Digest.Hex()): true}, GCOptions{})
	if !catalog.IsKind(err, catalog.KindInvalid) {
		t.Fatalf("GC with a bare-hex reference: err = %v, want invalid", err)
	}
	if !s.Has(b.Digest) {
		t.Fatalf("GC removed a blob despite refusing")
	}
}

func TestGCSparesYoungFilesAndReportsMissing(t *testing.T) {
	s := newStore(t)
	old, young := ingest(t, s, []byte("old")), ingest(t, s, []byte("young"))
	now := time.Now()
	past := now.Add(-time.Hour)
	if err := os.Chtimes(s.blobPath(old.Digest), past, past); err != nil {
		t.Fatal(err)
	}
	absent := DigestOf([]byte("absent"))
	rep, err := s.GC(context.Background(), map[Digest]bool{absent: true}, GCOptions{Before: now.Add(-time.Minute)})
	if err != nil {
		t.Fatalf("GC: %v", err)
	}
	if len(rep.Removed) != 1 || rep.Removed[0] != old || !s.Has(young.Digest) {
		t.Fatalf("report = %+v, want only the old blob removed", rep)
	}
	if len(rep.Missing) != 1 || rep.Missing[0] != absent {
		t.Fatalf("Missing = %v, want [%s]", rep.Missing, absent.Short())
	}
}

// TestGCNeverRemovesReferenced runs random sequences of ingest, reference,
// unreference and GC against a model and checks after every GC that every
// referenced blob is present and intact, and every unreferenced one gone.
func TestGCNeverRemovesReferenced(t *testing.T) {
	for seed := range uint64(8) {
		rng := rand.New(rand.NewPCG(seed, 0x1b))
		s := newStore(t)
		refs := map[Digest]bool{}
		var known []Digest
		for range 150 {
			known = gcStep(t, rng, s, refs, known)
		}
	}
}

func gcStep(t *testing.T, rng *rand.Rand, s *Store, refs map[Digest]bool, known []Digest) []Digest {
	t.Helper()
	switch op := rng.IntN(10); {
	case op < 4: // small alphabet of contents: many duplicates
		b := ingest(t, s, randBytes(rng.Uint64N(12), 1+rng.IntN(3000)))
		known = append(known, b.Digest)
	case op < 6 && len(known) > 0:
		refs[known[rng.IntN(len(known))]] = true
	case op < 8 && len(known) > 0:
		delete(refs, known[rng.IntN(len(known))])
	default:
		runGC(t, s, refs, rng.IntN(3) == 0)
	}
	return known
}

func runGC(t *testing.T, s *Store, refs map[Digest]bool, dry bool) {
	t.Helper()
	before, _ := s.List()
	if _, err := s.GC(context.Background(), refs, GCOptions{DryRun: dry}); err != nil {
		t.Fatalf("GC: %v", err)
	}
	for d := range refs {
		if err := s.Verify(context.Background(), d); err != nil && stored(before, d) {
			t.Fatalf("referenced blob %s lost or damaged: %v", d.Short(), err)
		}
	}
	after, _ := s.List()
	for _, b := range after {
		if !dry && !refs[b.Digest] {
			t.Fatalf("unreferenced blob %s survived GC", b.Digest.Short())
		}
	}
	if dry && len(after) != len(before) {
		t.Fatalf("dry run changed the store: %d blobs, was %d", len(after), len(before))
	}
}

func stored(list []Blob, d Digest) bool {
	for _, b := range list {
		if b.Digest == d {
			return true
		}
	}
	return false
}

func TestCollectWaitsForHold(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	release := s.Hold()
	b := ingest(t, s, []byte("imported, not yet in the catalog"))
	catalogHas := map[Digest]bool{}
	done := make(chan GCReport)
	go func() {
		rep, err := s.Collect(ctx, func(context.Context) (map[Digest]bool, error) { return catalogHas, nil }, GCOptions{})
		if err != nil {
			t.Errorf("Collect: %v", err)
		}
		done <- rep
	}()
	catalogHas[b.Digest] = true // the import records its image, then releases
	release()
	if rep := <-done; len(rep.Removed) != 0 || !s.Has(b.Digest) {
		t.Fatalf("Collect removed %+v; the held import's blob must survive", rep.Removed)
	}
}
