package imaging

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"

	"github.com/ironbase/ironbase/catalog"
)

// Store is a content-addressed blob store rooted at one directory (see the
// package documentation for the layout). It is safe for concurrent use by
// several goroutines and several processes sharing the same root.
type Store struct {
	root string
	log  *slog.Logger
	gcMu sync.RWMutex // Hold: shared; Collect: exclusive
}

// Blob describes one stored blob.
type Blob struct {
	Digest Digest
	Size   int64
}

const (
	blobsDir = "blobs"
	algoDir  = "sha256"
	tempDir  = "tmp"
	// tempPattern names the files Ingest writes under ROOT/tmp. Anything
	// in that directory is a leftover once no ingest is running.
	tempPattern = "ingest-*"
	// blobMode: blobs are immutable once visible.
	blobMode = 0o444
)

// OpenStore opens (creating if needed) the store rooted at root. A nil
// logger discards.
func OpenStore(root string, log *slog.Logger) (*Store, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Store{root: root, log: log}
	for _, d := range []string{s.algoPath(), s.tempPath()} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, storageErr(fmt.Sprintf("create store directory %s", d), err)
		}
	}
	return s, nil
}

// Root is the directory the store lives in.
func (s *Store) Root() string { return s.root }

func (s *Store) algoPath() string { return filepath.Join(s.root, blobsDir, algoDir) }
func (s *Store) tempPath() string { return filepath.Join(s.root, tempDir) }

// fanout is the directory of d: ROOT/blobs/sha256/<first 2 hex digits>.
func (s *Store) fanout(d Digest) string { return filepath.Join(s.algoPath(), d.Hex()[:2]) }

// blobPath is where d lives: ROOT/blobs/sha256/<2 hex>/<64 hex>.
func (s *Store) blobPath(d Digest) string { return filepath.Join(s.fanout(d), d.Hex()) }

// Path returns the file name of blob d (which may not exist). Callers that
// serve blobs should prefer Open.
func (s *Store) Path(d Digest) (string, error) {
	if !d.Valid() {
		return "", catalog.Errorf(catalog.KindInvalid, "malformed digest %q", d)
	}
	return s.blobPath(d), nil
}
