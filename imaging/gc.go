package imaging

import (
	"context"
	"fmt"
	"os"
	"sort"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

// GCOptions tunes a garbage collection.
type GCOptions struct {
	// DryRun reports what would be removed and removes nothing.
	DryRun bool
	// Before, when set, limits removal to blobs and temp files last
	// modified before it. Pass now minus a grace period so that a blob
	// whose import has not yet been recorded in the catalog, or an ingest
	// still running in another process, is left alone.
	Before time.Time
}

// GCReport says what a collection removed (or, dry, would remove).
type GCReport struct {
	Removed []Blob   // unreferenced blobs, sorted by digest
	Temp    []string // temp files (crashed or failed ingests)
	Kept    int      // blobs kept: referenced or too young
	Missing []Digest // referenced digests with no blob: worth an alarm
	Freed   int64    // bytes of Removed
}

// GC removes every blob not in referenced, and every temp file. A
// referenced blob is never removed. GC does not wait for imports in
// flight: use Collect (with Hold in imports) unless none can run. Any malformed digest in referenced
// aborts the collection before anything is removed, so a caller bug
// (bare hex, another prefix) cannot empty the store.
func (s *Store) GC(ctx context.Context, referenced map[Digest]bool, opt GCOptions) (GCReport, error) {
	var rep GCReport
	if err := checkRefs(referenced); err != nil {
		return rep, err
	}
	blobs, err := s.List()
	if err != nil {
		return rep, err
	}
	present := make(map[Digest]bool, len(blobs))
	for _, b := range blobs {
		present[b.Digest] = true
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		if referenced[b.Digest] || !s.oldEnough(s.blobPath(b.Digest), opt.Before) {
			rep.Kept++
			continue
		}
		if !opt.DryRun {
			if err := s.Remove(b.Digest); err != nil {
				return rep, err
			}
		}
		rep.Removed = append(rep.Removed, b)
		rep.Freed += b.Size
	}
	rep.Missing = missing(referenced, present)
	rep.Temp, err = s.cleanTemp(opt.Before, opt.DryRun)
	s.log.Info("blob gc", "dry_run", opt.DryRun, "removed", len(rep.Removed), "freed", rep.Freed, "kept", rep.Kept, "temp", len(rep.Temp), "missing", len(rep.Missing))
	return rep, err
}

func checkRefs(referenced map[Digest]bool) error {
	for d, ok := range referenced {
		if ok && !d.Valid() {
			return catalog.Errorf(catalog.KindInvalid, "gc: malformed referenced digest %q: refusing to collect", d)
		}
	}
	return nil
}

func missing(referenced, present map[Digest]bool) []Digest {
	var out []Digest
	for d, ok := range referenced {
		if ok && !present[d] {
			out = append(out, d)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// oldEnough reports whether the file at p was modified before t (always,
// when t is zero). A file that vanished is not old enough: leave it.
func (s *Store) oldEnough(p string, t time.Time) bool {
	if t.IsZero() {
		return true
	}
	st, err := os.Stat(p)
	return err == nil && st.ModTime().Before(t)
}

// CleanTemp removes leftovers of crashed or failed ingests from ROOT/tmp
// (only those modified before before, when it is set) and returns their
// names. Do not run it with a zero before while ingests are in flight:
// they would fail (safely, with an error, never a partial blob).
func (s *Store) CleanTemp(before time.Time) ([]string, error) {
	return s.cleanTemp(before, false)
}

func (s *Store) cleanTemp(before time.Time, dry bool) ([]string, error) {
	entries, err := os.ReadDir(s.tempPath())
	if err != nil {
		return nil, storageErr("read temp directory", err)
	}
	var out []string
	for _, e := range entries {
		p := s.tempPath() + string(os.PathSeparator) + e.Name()
		if !s.oldEnough(p, before) {
			continue
		}
		if !dry {
			if err := os.RemoveAll(p); err != nil {
				return out, storageErr(fmt.Sprintf("remove temp %s", p), err)
			}
		}
		out = append(out, p)
	}
	return out, nil
}
