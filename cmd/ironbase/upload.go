package main

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/web"
)

// fileDigest hashes a file the way the server will.
func fileDigest(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, &catalog.Error{Kind: catalog.KindInvalid, Msg: "artifact", Err: err}
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, fmt.Errorf("hash %s: %w", path, err)
	}
	return fmt.Sprintf("sha256:%x", h.Sum(nil)), n, nil
}

// ensureBlob uploads path unless the server already has its digest, so a
// re-import (or a retry after a failure) sends only what is missing.
func (c *client) ensureBlob(ctx context.Context, path string) (string, error) {
	d, size, err := fileDigest(path)
	if err != nil {
		return "", err
	}
	var info web.BlobInfo
	err = c.do(ctx, "GET", "/api/v1/blobs/"+d, nil, &info)
	if err == nil {
		return d, nil
	}
	if !catalog.IsKind(err, catalog.KindNotFound) {
		return "", err
	}
	return d, c.upload(ctx, d, path, size)
}

func (c *client) upload(ctx context.Context, digest, path string, size int64) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	req, err := http.NewRequestWithContext(ctx, "PUT", c.base+"/api/v1/blobs/"+digest, f)
	if err != nil {
		return err
	}
	req.ContentLength = size
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/octet-stream")
	req.Header.Set("Content-Length", strconv.FormatInt(size, 10))
	resp, err := (&http.Client{}).Do(req) // no overall timeout: artifacts can be large
	if err != nil {
		return &catalog.Error{Kind: catalog.KindUnavailable, Msg: "upload " + path, Err: err}
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return replyError(resp)
	}
	return nil
}
