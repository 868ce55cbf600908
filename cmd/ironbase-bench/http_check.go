package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
)

// httpRange is one Range request and the bytes [first, last] it must get.
type httpRange struct {
	header      string
	first, last int64
}

// httpRanges are the Range requests every server must answer with 206:
// the head, a span across a 1 MiB boundary, an open end and a suffix.
func httpRanges(size int64) []httpRange {
	mid := size / 2 & ^int64(1<<20-1)
	rs := []httpRange{
		{"bytes=0-511", 0, 511},
		{"", max(mid-4096, 0), min(mid+4095, size-1)},
		{"", size - 70000, size - 1},
		{"bytes=-1000", size - 1000, size - 1},
	}
	rs[1].header = fmt.Sprintf("bytes=%d-%d", rs[1].first, rs[1].last)
	rs[2].first = max(rs[2].first, 0)
	rs[2].header = fmt.Sprintf("bytes=%d-", rs[2].first)
	return rs
}

// checkContent fetches the whole blob and compares its sha256 with the
// digest, then checks every Range request against the file's bytes.
func (o *httpOptions) checkContent(ctx context.Context, p httpPeer) error {
	resp, err := httpGet(ctx, p.base+o.urlPath(), "")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	h := sha256.New()
	n, err := io.Copy(h, resp.Body)
	if err != nil {
		return fmt.Errorf("read body: %w", err)
	}
	got := "sha256:" + hex.EncodeToString(h.Sum(nil))
	if resp.StatusCode != 200 || n != o.size || got != o.blob.String() {
		return fmt.Errorf("GET: status %d, %d bytes, %s; want 200, %d bytes, %s", resp.StatusCode, n, got, o.size, o.blob)
	}
	if p.name == "ironbase" && resp.Header.Get("ETag") != `"`+o.blob.String()+`"` {
		return fmt.Errorf("GET: ETag %q, want the digest", resp.Header.Get("ETag"))
	}
	f, err := os.Open(o.blobPath)
	if err != nil {
		return err
	}
	defer f.Close()
	for _, r := range httpRanges(o.size) {
		if err := checkRange(ctx, p.base+o.urlPath(), r, o.size, f); err != nil {
			return err
		}
	}
	return nil
}

func checkRange(ctx context.Context, url string, r httpRange, size int64, f *os.File) error {
	resp, err := httpGet(ctx, url, r.header)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("Range %s: %w", r.header, err)
	}
	want := make([]byte, r.last-r.first+1)
	if _, err := f.ReadAt(want, r.first); err != nil {
		return err
	}
	cr := fmt.Sprintf("bytes %d-%d/%d", r.first, r.last, size)
	if resp.StatusCode != http.StatusPartialContent || resp.Header.Get("Content-Range") != cr || !bytes.Equal(body, want) {
		return fmt.Errorf("Range %s: status %d, Content-Range %q, %d bytes (match %v); want 206, %q, %d bytes",
			r.header, resp.StatusCode, resp.Header.Get("Content-Range"), len(body), bytes.Equal(body, want), cr, len(want))
	}
	return nil
}

func httpGet(ctx context.Context, url, rangeHeader string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return nil, err
	}
	if rangeHeader != "" {
		req.Header.Set("Range", rangeHeader)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("GET %s (Range %q): %w", url, rangeHeader, err)
	}
	return resp, nil
}
