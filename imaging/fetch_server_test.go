package imaging

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// upstream is a file server for Fetch tests: request i gets version
// versions[min(i, last)] through http.ServeContent (Range, If-Range), and
// its body is cut (connection dropped) after cuts[i] bytes when given.
type upstream struct {
	versions     [][]byte
	cuts         []int64 // per request; missing or negative: no cut
	etag         bool    // send ETag "v<version>"
	lastModified bool    // send Last-Modified, one second apart per version
	ignoreRange  bool    // answer every request with the whole file (200)

	mu       sync.Mutex
	requests []http.Header
}

func (u *upstream) start(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(u)
	t.Cleanup(srv.Close)
	return srv.URL + "/image.bin"
}

func (u *upstream) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	u.mu.Lock()
	i := len(u.requests)
	u.requests = append(u.requests, r.Header.Clone())
	u.mu.Unlock()
	v := min(i, len(u.versions)-1)
	if u.etag {
		w.Header().Set("ETag", fmt.Sprintf(`"v%d"`, v))
	}
	var mod time.Time
	if u.lastModified {
		mod = time.Unix(1_700_000_000+int64(v), 0)
	}
	if u.ignoreRange {
		r.Header.Del("Range")
	}
	if i < len(u.cuts) && u.cuts[i] >= 0 {
		w = &cuttingWriter{ResponseWriter: w, left: u.cuts[i]}
	}
	http.ServeContent(w, r, "image.bin", mod, bytes.NewReader(u.versions[v]))
}

// header returns header k of request i ("" if there was no such request).
func (u *upstream) header(i int, k string) string {
	u.mu.Lock()
	defer u.mu.Unlock()
	if i >= len(u.requests) {
		return ""
	}
	return u.requests[i].Get(k)
}

// cuttingWriter sends left body bytes, flushes them, then drops the
// connection (net/http closes it on http.ErrAbortHandler).
type cuttingWriter struct {
	http.ResponseWriter
	left int64
}

func (w *cuttingWriter) Write(p []byte) (int, error) {
	if int64(len(p)) <= w.left {
		w.left -= int64(len(p))
		return w.ResponseWriter.Write(p)
	}
	_, _ = w.ResponseWriter.Write(p[:w.left])
	w.ResponseWriter.(http.Flusher).Flush()
	panic(http.ErrAbortHandler)
}

// fakeSleep records the backoffs Fetch asks for and returns at once.
type fakeSleep struct {
	mu    sync.Mutex
	slept []time.Duration
}

func (f *fakeSleep) sleep(ctx context.Context, d time.Duration) error {
	f.mu.Lock()
	f.slept = append(f.slept, d)
	f.mu.Unlock()
	return ctx.Err()
}

// loggedStore is a store whose log goes to the test's output.
func loggedStore(t *testing.T) *Store {
	t.Helper()
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
	s, err := OpenStore(t.TempDir(), log)
	if err != nil {
		t.Fatalf("OpenStore: %v", err)
	}
	return s
}

// assertEmptyStore checks that no blob and no temp file exist.
func assertEmptyStore(t *testing.T, s *Store) {
	t.Helper()
	if got := files(t, s.Root()); len(got) != 0 {
		t.Fatalf("files left in the store: %q", got)
	}
}
