package imaging

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/ironbase/ironbase/catalog"
)

// Ingest stores the bytes of r and returns their digest and size. It reads
// r once, hashing while it writes a temp file under ROOT/tmp (reading,
// hashing and writing overlap, see hashCopy and blobFile); the file is
// fsynced, renamed into place and its directory fsynced, so a blob is
// visible only once it is complete and durable. Content already stored
// stays one file: the new copy atomically replaces the old one (healing it
// if it had rotted).
//
// If want is not empty, the content must hash to want: on a mismatch
// nothing becomes visible and the error is KindInvalid. A full disk is
// KindUnavailable (with syscall.ENOSPC in the chain); a failing r keeps
// its error in the chain.
func (s *Store) Ingest(ctx context.Context, r io.Reader, want Digest) (Blob, error) {
	if want != "" && !want.Valid() {
		return Blob{}, catalog.Errorf(catalog.KindInvalid, "malformed expected digest %q", want)
	}
	f, err := os.CreateTemp(s.tempPath(), tempPattern)
	if err != nil {
		return Blob{}, storageErr("create temp file", err)
	}
	b, err := s.ingestFile(ctx, f, r, want)
	if err != nil {
		s.discard(f)
		return Blob{}, err
	}
	return b, nil
}

// discard closes and removes a temp file after a failure.
func (s *Store) discard(f *os.File) {
	_ = f.Close() // may already be closed
	if err := os.Remove(f.Name()); err != nil && !errors.Is(err, fs.ErrNotExist) {
		s.log.Warn("remove temp file", "path", f.Name(), "err", err)
	}
}

func (s *Store) ingestFile(ctx context.Context, f *os.File, r io.Reader, want Digest) (Blob, error) {
	d, n, err := hashCopy(ctx, newBlobFile(f), r)
	if err != nil {
		return Blob{}, copyErr(err)
	}
	if want != "" && d != want {
		return Blob{}, catalog.Errorf(catalog.KindInvalid, "content digest %s does not match expected %s", d, want)
	}
	b := Blob{Digest: d, Size: n}
	if err := s.commit(f, b); err != nil {
		return Blob{}, err
	}
	s.log.Debug("blob ingested", "digest", d.String(), "size", n)
	return b, nil
}

func copyErr(err error) error {
	var re readErr
	switch {
	case errors.As(err, &re):
		return fmt.Errorf("read input: %w", re.error)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("ingest: %w", err)
	default:
		return storageErr("write temp file", err)
	}
}

// commit makes the temp file f the blob b: fsync, close, rename into its
// fan-out directory, fsync that directory. If b already exists the rename
// atomically replaces it with identical bytes: still one file, and a copy
// that rotted on disk is healed by importing the content again.
func (s *Store) commit(f *os.File, b Blob) error {
	if err := f.Chmod(blobMode); err != nil {
		return storageErr("chmod temp file", err)
	}
	if err := f.Sync(); err != nil {
		return storageErr("fsync temp file", err)
	}
	if err := f.Close(); err != nil {
		return storageErr("close temp file", err)
	}
	if err := s.ensureFanout(b.Digest); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), s.blobPath(b.Digest)); err != nil {
		return storageErr("rename blob into place", err)
	}
	if err := syncDir(s.fanout(b.Digest)); err != nil {
		return storageErr("fsync blob directory", err)
	}
	return nil
}

// ensureFanout creates the fan-out directory of d if needed and makes its
// entry in ROOT/blobs/sha256 durable.
func (s *Store) ensureFanout(d Digest) error {
	dir := s.fanout(d)
	err := os.Mkdir(dir, 0o755)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return storageErr("create blob directory", err)
	}
	if err := syncDir(s.algoPath()); err != nil {
		return storageErr("fsync blob root", err)
	}
	return nil
}
