package imaging

import (
	"context"
	"io"
	"os"

	"github.com/ironbase/ironbase/catalog"
)

// IngestDir builds a squashfs of the directory tree dir (see BuildSquashfs)
// straight into the store's temp directory and stores it as a blob, with
// the same guarantees as Ingest: nothing is visible until it is complete.
func (s *Store) IngestDir(ctx context.Context, dir string) (Blob, error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return Blob{}, catalog.Errorf(catalog.KindInvalid, "%s is not a directory", dir)
	}
	f, err := os.CreateTemp(s.tempPath(), tempPattern)
	if err != nil {
		return Blob{}, storageErr("create temp file", err)
	}
	b, err := s.ingestBuilt(ctx, f, dir)
	if err != nil {
		s.discard(f)
		return Blob{}, err
	}
	s.log.Info("directory ingested as squashfs", "dir", dir, "digest", b.Digest.String(), "size", b.Size)
	return b, nil
}

func (s *Store) ingestBuilt(ctx context.Context, f *os.File, dir string) (Blob, error) {
	if err := writeSquashfs(ctx, dir, f); err != nil {
		return Blob{}, err
	}
	d, n, err := hashCopy(ctx, nil, io.NewSectionReader(f, 0, 1<<62))
	if err != nil {
		return Blob{}, storageErr("hash squashfs", err)
	}
	b := Blob{Digest: d, Size: n}
	return b, s.commit(f, b)
}
