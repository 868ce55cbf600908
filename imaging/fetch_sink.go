package imaging

import (
	"crypto/sha256"
	"errors"
	"hash"
	"io"
	"os"
)

// fetchChunk is the unit in which Fetch reads, hashes and writes.
const fetchChunk = 256 << 10

var errFetchTooLarge = errors.New("content over the size limit")

// fetchSink is the temp file of a Fetch and the running hash of what it
// holds. Unlike Ingest's pipeline it can start over (reset) when a server
// sends a different version, so it hashes in the writing goroutine: the
// network, not sha256, sets the pace of a download.
type fetchSink struct {
	f      *os.File
	h      hash.Hash
	n      int64 // bytes written and hashed
	kicked int64 // bytes handed to writeback
	max    int64 // 0: no limit
}

func newFetchSink(f *os.File, max int64) *fetchSink {
	return &fetchSink{f: f, h: sha256.New(), max: max}
}

// write appends b to the file and the hash. Going over max is
// errFetchTooLarge; other errors come from the file system.
func (k *fetchSink) write(b []byte) error {
	if k.max > 0 && k.n+int64(len(b)) > k.max {
		return errFetchTooLarge
	}
	if _, err := k.f.Write(b); err != nil {
		return err
	}
	_, _ = k.h.Write(b) // hash.Hash.Write never fails
	k.n += int64(len(b))
	if k.n-k.kicked >= writebackEvery {
		startWriteback(k.f, k.kicked, k.n-k.kicked)
		k.kicked = k.n
	}
	return nil
}

// reset empties the file and the hash.
func (k *fetchSink) reset() error {
	if err := k.f.Truncate(0); err != nil {
		return storageErr("truncate temp file", err)
	}
	if _, err := k.f.Seek(0, io.SeekStart); err != nil {
		return storageErr("rewind temp file", err)
	}
	k.h.Reset()
	k.n, k.kicked = 0, 0
	return nil
}
