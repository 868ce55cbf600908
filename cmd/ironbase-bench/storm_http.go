package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"time"
)

// newStormClient is one booting host's HTTP stack: its own connections
// (kept alive across its own requests, as iPXE does), 30 s per request.
func newStormClient() *http.Client {
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConnsPerHost: 1, DisableCompression: true, ForceAttemptHTTP2: false}}
}

// stormGetScript fetches an iPXE script.
func stormGetScript(c *http.Client, url string) (ipxeBoot, error) {
	resp, err := c.Get(url)
	if err != nil {
		return ipxeBoot{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return ipxeBoot{}, err
	}
	if resp.StatusCode != http.StatusOK {
		return ipxeBoot{}, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return parseIPXEScript(string(body))
}

// stormGetArtifact downloads url and checks that what arrived is byte for
// byte the file whose digest ends the URL's path. Comparing against the
// bytes in memory (their digest checked once, by loadStormArtifacts) is as
// strict as hashing every download and costs a tenth of the CPU: hashing
// 10 MiB per host at 100 hosts/s took the simulator most of a core, which
// the servers under test then did not get.
func stormGetArtifact(c *http.Client, url string, files map[string][]byte) error {
	want, ok := files[path.Base(url)]
	if !ok {
		return fmt.Errorf("GET %s: not one of the image's files", url)
	}
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	m := &stormMatcher{want: want}
	n, err := io.Copy(m, resp.Body)
	if err != nil {
		return fmt.Errorf("GET %s: after %d bytes: %w", url, n, err)
	}
	if n != int64(len(want)) {
		return fmt.Errorf("GET %s: %d bytes, want %d", url, n, len(want))
	}
	return nil
}

// loadStormArtifacts reads each file into memory once, checking it against
// its size and digest: the bytes hosts must get, keyed by digest.
func loadStormArtifacts(files []stormFile) (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f.Path)
		if err != nil {
			return nil, fmt.Errorf("simulator: %w", err)
		}
		sum := sha256.Sum256(b)
		if got := "sha256:" + hex.EncodeToString(sum[:]); int64(len(b)) != f.Size || got != f.Digest {
			return nil, fmt.Errorf("simulator: %s is %d bytes %s, want %d bytes %s", f.Path, len(b), got, f.Size, f.Digest)
		}
		out[f.Digest] = b
	}
	return out, nil
}

// stormMatcher is a writer that fails at the first byte that differs from
// want, or past its end.
type stormMatcher struct {
	want []byte
	off  int
}

func (m *stormMatcher) Write(p []byte) (int, error) {
	if len(p) > len(m.want)-m.off {
		return 0, fmt.Errorf("more than the file's %d bytes", len(m.want))
	}
	if !bytes.Equal(p, m.want[m.off:m.off+len(p)]) {
		return 0, fmt.Errorf("bytes differ from the file's within offsets %d-%d", m.off, m.off+len(p))
	}
	m.off += len(p)
	return len(p), nil
}
