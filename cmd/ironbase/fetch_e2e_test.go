package main

import (
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestImageImportFromURLs: the server fetches artifacts from http URLs,
// checks the digest given as the URL's fragment, and records the URL as
// provenance; a wrong digest records nothing.
func TestImageImportFromURLs(t *testing.T) {
	files := map[string]string{"/vmlinuz": strings.Repeat("k", 4096), "/initrd.img": strings.Repeat("i", 2048)}
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		http.ServeContent(w, r, "", time.Unix(1700000000, 0), strings.NewReader(body))
	}))
	defer up.Close()
	l := startServe(t)
	tok := l.adminToken(t)
	sum := fmt.Sprintf("sha256:%x", sha256.Sum256([]byte(files["/vmlinuz"])))
	bad := "sha256:" + strings.Repeat("0", 64)
	if _, errs, code := l.cli(t, tok, "image", "import", "--name", "web", "--kernel", up.URL+"/vmlinuz#"+bad,
		"--initrd", up.URL+"/initrd.img"); code != 2 || !strings.Contains(errs, "digest") {
		t.Fatalf("wrong digest: exit %d %q; want 2 naming the digest", code, errs)
	}
	if out := mustCLI(t, l, tok, "image", "list"); strings.Contains(out, "web") {
		t.Fatalf("a failed import recorded an image:\n%s", out)
	}
	mustCLI(t, l, tok, "image", "import", "--name", "web", "--kernel", up.URL+"/vmlinuz#"+sum, "--initrd", up.URL+"/initrd.img")
	show := mustCLI(t, l, tok, "image", "show", "web")
	if !strings.Contains(show, sum) || !strings.Contains(show, up.URL+"/vmlinuz") {
		t.Errorf("image show lacks the fetched kernel or its URL:\n%s", show)
	}
	if _, errs, code := l.cli(t, tok, "image", "import", "--name", "web2", "--kernel", up.URL+"/missing",
		"--initrd", up.URL+"/initrd.img"); code != 2 || !strings.Contains(errs, "404") {
		t.Errorf("404 upstream: exit %d %q", code, errs)
	}
}
