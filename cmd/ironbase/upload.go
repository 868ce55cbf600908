package main

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

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
// re-import (or a retry after a failure) sends only what is missing. An
// http(s) URL is fetched by the server instead, checked against the digest
// given as its fragment (URL#sha256:HEX) when there is one.
func (c *client) ensureBlob(ctx context.Context, path string) (string, error) {
	if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
		u, digest, _ := strings.Cut(path, "#")
		var rep web.FetchReply
		if err := c.do(ctx, "POST", "/api/v1/blobs/fetch", web.FetchRequest{URL: u, Digest: digest}, &rep); err != nil {
			return "", err
		}
		return rep.Digest, nil
	}
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
