package imaging

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/ironbase/ironbase/catalog"
)

// ErrCorrupt is in the chain of every error reporting a blob whose bytes
// no longer hash to its digest.
var ErrCorrupt = errors.New("blob content does not match its digest")

// Verify re-reads blob d and checks that it still hashes to d. A mismatch
// is KindUnavailable wrapping ErrCorrupt: the blob must not be served.
func (s *Store) Verify(ctx context.Context, d Digest) error {
	f, err := s.Open(d)
	if err != nil {
		return err
	}
	defer f.Close()
	got, _, err := hashCopy(ctx, nil, f) // reading overlaps hashing
	if err != nil {
		return storageErr(fmt.Sprintf("read blob %s", d), err)
	}
	if got != d {
		return kindErr(catalog.KindUnavailable, fmt.Sprintf("blob %s hashes to %s", d, got), ErrCorrupt)
	}
	return nil
}

// BadBlob is a blob that failed verification.
type BadBlob struct {
	Digest Digest
	Err    error // wraps ErrCorrupt when the bytes changed; else a read error
}

// VerifyAll re-hashes every stored blob and returns those that fail. The
// error is for failures to walk the store or a cancelled ctx, not for bad
// blobs.
func (s *Store) VerifyAll(ctx context.Context) ([]BadBlob, error) {
	blobs, err := s.List()
	if err != nil {
		return nil, err
	}
	var bad []BadBlob
	for _, b := range blobs {
		if err := ctx.Err(); err != nil {
			return bad, err
		}
		if err := s.Verify(ctx, b.Digest); err != nil {
			if ctx.Err() != nil {
				return bad, ctx.Err()
			}
			s.log.Warn("blob failed verification", "digest", b.Digest.String(), "err", err)
			bad = append(bad, BadBlob{Digest: b.Digest, Err: err})
		}
	}
	return bad, nil
}

// ctxReader stops a long read when ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
