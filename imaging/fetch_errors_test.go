package imaging

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/ironbase/ironbase/catalog"
)

// TestFetchFails: each failure has its kind, a bounded number of
// attempts, and leaves the store empty.
func TestFetchFails(t *testing.T) {
	big := randBytes(60, 1<<20)
	for _, tc := range []struct {
		name     string
		handler  http.HandlerFunc
		url      string // relative to the server; absolute if it has a scheme
		opts     FetchOptions
		want     Digest
		kind     catalog.Kind
		attempts int
	}{
		{name: "404", handler: http.NotFound, kind: catalog.KindInvalid, attempts: 1},
		{name: "redirect loop", handler: func(w http.ResponseWriter, r *http.Request) {
			next := map[string]string{"/a": "/b", "/b": "/a"}[r.URL.Path]
			http.Redirect(w, r, next, http.StatusFound)
		}, url: "/a", kind: catalog.KindInvalid, attempts: 1},
		{name: "redirect to ftp", handler: func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "ftp://example.com/x", http.StatusFound)
		}, kind: catalog.KindInvalid, attempts: 1},
		{name: "503 every time", handler: func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "busy", http.StatusServiceUnavailable)
		}, opts: FetchOptions{MaxAttempts: 3}, kind: catalog.KindUnavailable, attempts: 3},
		{name: "content-length over max", handler: serveBytes(big), opts: FetchOptions{MaxSize: 1000},
			kind: catalog.KindTooLarge, attempts: 1},
		{name: "chunked body over max", handler: func(w http.ResponseWriter, r *http.Request) {
			for range 4 {
				_, _ = w.Write(big[:100_000])
				w.(http.Flusher).Flush() // no Content-Length: chunked
			}
		}, opts: FetchOptions{MaxSize: 250_000}, kind: catalog.KindTooLarge, attempts: 1},
		{name: "ftp scheme", url: "ftp://example.com/x", kind: catalog.KindInvalid},
		{name: "no host", url: "http:///x", kind: catalog.KindInvalid},
		{name: "malformed want", want: "sha256:nothex", kind: catalog.KindInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(orNotFound(tc.handler))
			t.Cleanup(srv.Close)
			url := srv.URL + tc.url
			if len(tc.url) > 0 && tc.url[0] != '/' {
				url = tc.url
			}
			tc.opts.Sleep = (&fakeSleep{}).sleep
			s := loggedStore(t)
			res, err := s.Fetch(context.Background(), url, tc.want, tc.opts)
			if !catalog.IsKind(err, tc.kind) {
				t.Fatalf("err = %v, want kind %s", err, tc.kind)
			}
			if res.Attempts != tc.attempts {
				t.Errorf("attempts = %d, want %d", res.Attempts, tc.attempts)
			}
			assertEmptyStore(t, s)
		})
	}
}

// TestFetchRetriesServerErrors: a 503 and a dropped connection are
// retried, with growing backoffs, and the fetch succeeds.
func TestFetchRetriesServerErrors(t *testing.T) {
	data := randBytes(61, 100_000)
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch n.Add(1) {
		case 1:
			http.Error(w, "busy", http.StatusServiceUnavailable)
		case 2:
			panic(http.ErrAbortHandler) // connection dropped before any response
		default:
			serveBytes(data)(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	sl := &fakeSleep{}
	res := fetchOK(t, loggedStore(t), srv.URL, data, FetchOptions{Sleep: sl.sleep, Backoff: 100, MaxBackoff: 150})
	if res.Attempts != 3 || res.Restarts != 0 {
		t.Errorf("attempts %d, restarts %d; want 3, 0", res.Attempts, res.Restarts)
	}
	if got := fmt.Sprint(sl.slept); got != "[100ns 150ns]" {
		t.Errorf("backoffs %s, want [100ns 150ns] (doubling, capped)", got)
	}
}

func serveBytes(b []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(len(b)))
		_, _ = w.Write(b)
	}
}

func orNotFound(h http.HandlerFunc) http.Handler {
	if h == nil {
		return http.NotFoundHandler()
	}
	return h
}

func TestParseContentRange(t *testing.T) {
	for _, tc := range []struct {
		in           string
		start, total int64
		ok           bool
	}{
		{"bytes 100-199/200", 100, 200, true},
		{"bytes 0-0/1", 0, 1, true},
		{"bytes 5-9/*", 5, -1, true},
		{"bytes 5-9/9", 0, 0, false}, // end beyond total
		{"bytes 9-5/20", 0, 0, false},
		{"bytes */200", 0, 0, false},
		{"items 0-1/2", 0, 0, false},
		{"", 0, 0, false},
	} {
		start, total, ok := parseContentRange(tc.in)
		if start != tc.start || total != tc.total || ok != tc.ok {
			t.Errorf("parseContentRange(%q) = %d, %d, %v; want %d, %d, %v", tc.in, start, total, ok, tc.start, tc.total, tc.ok)
		}
	}
}

func FuzzParseContentRange(f *testing.F) {
	for _, s := range []string{"bytes 100-199/200", "bytes 5-9/*", "bytes -1-5/3", "bytes 1-2/3x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		start, total, ok := parseContentRange(s)
		if ok && (start < 0 || (total != -1 && total <= start)) {
			t.Fatalf("parseContentRange(%q) = %d, %d, true: inconsistent", s, start, total)
		}
	})
}
