package web

import (
	"fmt"
	"io"
	"net/http"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/imaging"
	"github.com/ironbase/ironbase/testsuite"
)

// suite answers the checks document this boot runs: the image's checks
// file merged with the pool's additions (mergeSuites).
func (a *agentAPI) suite(w http.ResponseWriter, r *http.Request) {
	c := bootCall(r.Context())
	image, err := a.readChecks(c.src.ChecksBlob)
	if err != nil {
		writeError(w, c.log, err)
		return
	}
	s, err := mergeSuites(image, []byte(c.src.PoolSuite))
	if err != nil {
		c.log.Warn("agent suite cannot be built", "err", err)
		writeError(w, c.log, &catalog.Error{Kind: catalog.KindConflict, Msg: "the boot's suite cannot be built", Err: err})
		return
	}
	writeJSON(w, http.StatusOK, s)
}

// readChecks reads an image's checks file from the image store; no digest
// is no file.
func (a *agentAPI) readChecks(digest string) ([]byte, error) {
	if digest == "" {
		return nil, nil
	}
	if a.blobs == nil {
		return nil, catalog.Errorf(catalog.KindUnavailable, "no image store configured: cannot read checks blob %s", digest)
	}
	d, err := imaging.ParseDigest(digest)
	if err != nil {
		return nil, fmt.Errorf("checks blob %q: %w", digest, err)
	}
	f, err := a.blobs.Open(d)
	if err != nil {
		// A referenced blob missing from the store is the server's
		// trouble, not the agent's: unavailable, so the agent retries.
		return nil, &catalog.Error{Kind: catalog.KindUnavailable, Msg: "checks blob " + digest, Err: err}
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, testsuite.MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read checks blob %s: %w", digest, err)
	}
	return b, nil // one byte too many is enough for ParseChecks to refuse it
}
