package boot

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/ironbase/ironbase/imaging"
)

func newArtifactServer(t *testing.T) (*httptest.Server, *imaging.Store, imaging.Digest) {
	t.Helper()
	st, err := imaging.OpenStore(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := st.Ingest(context.Background(), strings.NewReader("0123456789abcdef"), "")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /boot/artifacts/{digest}", &Artifacts{Blobs: st, Logger: slog.New(slog.DiscardHandler)})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, st, b.Digest
}

func get(t *testing.T, url string, hdr map[string]string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestArtifactRangeAndETag(t *testing.T) {
	srv, _, d := newArtifactServer(t)
	url := srv.URL + "/boot/artifacts/" + d.String()
	resp, body := get(t, url, nil)
	if resp.StatusCode != 200 || body != "0123456789abcdef" || resp.Header.Get("ETag") != `"`+d.String()+`"` {
		t.Fatalf("GET = %d %q etag %q", resp.StatusCode, body, resp.Header.Get("ETag"))
	}
	if resp, body = get(t, url, map[string]string{"Range": "bytes=4-7"}); resp.StatusCode != 206 || body != "4567" {
		t.Errorf("Range = %d %q, want 206 4567", resp.StatusCode, body)
	}
	if resp, _ = get(t, url, map[string]string{"If-None-Match": `"` + d.String() + `"`}); resp.StatusCode != 304 {
		t.Errorf("If-None-Match = %d, want 304", resp.StatusCode)
	}
	if resp, _ = get(t, srv.URL+"/boot/artifacts/sha256:nothex", nil); resp.StatusCode != 400 {
		t.Errorf("bad digest = %d, want 400", resp.StatusCode)
	}
	if resp, _ = get(t, srv.URL+"/boot/artifacts/"+imaging.DigestOf([]byte("x")).String(), nil); resp.StatusCode != 404 {
		t.Errorf("unknown blob = %d, want 404", resp.StatusCode)
	}
}

func TestCorruptArtifactIsRefused(t *testing.T) {
	srv, st, d := newArtifactServer(t)
	p, _ := st.Path(d)
	os.Chmod(p, 0o644)
	if err := os.WriteFile(p, []byte("0123456789abcdeX"), 0o644); err != nil {
		t.Fatal(err)
	}
	resp, body := get(t, srv.URL+"/boot/artifacts/"+d.String(), nil)
	if resp.StatusCode != 500 || strings.Contains(body, "0123") {
		t.Fatalf("corrupt blob served: %d %q", resp.StatusCode, body)
	}
}
