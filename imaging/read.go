package imaging

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Open opens blob d for reading. The *os.File lets an HTTP server use
// http.ServeContent and sendfile; the caller closes it. A missing blob is
// KindNotFound. Open does not re-hash: see Verify.
func (s *Store) Open(d Digest) (*os.File, error) {
	p, err := s.Path(d)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, storageErr(fmt.Sprintf("open blob %s", d), err)
	}
	return f, nil
}

// Stat returns the size of blob d; a missing blob is KindNotFound.
func (s *Store) Stat(d Digest) (Blob, error) {
	p, err := s.Path(d)
	if err != nil {
		return Blob{}, err
	}
	st, err := os.Stat(p)
	if err != nil {
		return Blob{}, storageErr(fmt.Sprintf("stat blob %s", d), err)
	}
	return Blob{Digest: d, Size: st.Size()}, nil
}

// Has reports whether blob d is stored.
func (s *Store) Has(d Digest) bool {
	_, err := s.Stat(d)
	return err == nil
}

// Remove deletes blob d. Removing a missing blob is KindNotFound. Callers
// are responsible for d being unreferenced; GC is the safe way.
func (s *Store) Remove(d Digest) error {
	p, err := s.Path(d)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil {
		return storageErr(fmt.Sprintf("remove blob %s", d), err)
	}
	if err := syncDir(filepath.Dir(p)); err != nil {
		return storageErr("fsync blob directory", err)
	}
	return nil
}

// List returns every stored blob. Files under ROOT/blobs that are not
// blobs (a foreign name, a wrong fan-out directory) are logged and skipped.
func (s *Store) List() ([]Blob, error) {
	var out []Blob
	err := filepath.WalkDir(s.algoPath(), func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			return nil
		}
		d := Digest(digestPrefix + e.Name())
		if !d.Valid() || p != s.blobPath(d) {
			s.log.Warn("stray file in blob store", "path", p)
			return nil
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		out = append(out, Blob{Digest: d, Size: info.Size()})
		return nil
	})
	if err != nil {
		return nil, storageErr("list blobs", err)
	}
	return out, nil
}
