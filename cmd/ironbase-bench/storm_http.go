package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
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

// stormGetArtifact downloads url and checks what arrived against want,
// the file whose digest ends the URL's path.
func stormGetArtifact(c *http.Client, url string, files map[string]stormFile) error {
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
	h := sha256.New()
	n, err := io.Copy(h, resp.Body)
	if err != nil {
		return fmt.Errorf("GET %s: after %d bytes: %w", url, n, err)
	}
	if got := "sha256:" + hex.EncodeToString(h.Sum(nil)); n != want.Size || got != want.Digest {
		return fmt.Errorf("GET %s: %d bytes %s, want %d bytes", url, n, got, want.Size)
	}
	return nil
}
