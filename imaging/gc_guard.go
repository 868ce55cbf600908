package imaging

import (
	"context"
	"fmt"
)

// Hold keeps Collect from running until release is called. An import
// takes it before ingesting its blobs and releases it once the image is
// recorded in the catalog, so a collection can never compute its
// referenced set between the two and delete the new blobs. Holds are
// shared: many imports run at once. Within one process only.
func (s *Store) Hold() (release func()) {
	s.gcMu.RLock()
	return s.gcMu.RUnlock
}

// Collect is the safe way to garbage-collect: it waits for every Hold to
// be released, keeps new ones out, asks refs for the referenced set (the
// caller reads it from the catalog) and runs GC with it.
func (s *Store) Collect(ctx context.Context, refs func(context.Context) (map[Digest]bool, error), opt GCOptions) (GCReport, error) {
	s.gcMu.Lock()
	defer s.gcMu.Unlock()
	set, err := refs(ctx)
	if err != nil {
		return GCReport{}, fmt.Errorf("gc: referenced set: %w", err)
	}
	return s.GC(ctx, set, opt)
}
