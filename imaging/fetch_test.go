package imaging

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ironbase/ironbase/catalog"
)

const fetchSize = 3<<20 + 12345 // a few chunks and a ragged end

// fetchOK fetches url and checks the stored blob holds data.
func fetchOK(t *testing.T, s *Store, url string, data []byte, opts FetchOptions) FetchResult {
	t.Helper()
	res, err := s.Fetch(context.Background(), url, DigestOf(data), opts)
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if res.Digest != DigestOf(data) || res.Size != int64(len(data)) {
		t.Fatalf("Fetch = %s, %d bytes; want %s, %d", res.Digest, res.Size, DigestOf(data), len(data))
	}
	f, err := s.Open(res.Digest)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer f.Close()
	if got, _ := io.ReadAll(f); !bytes.Equal(got, data) {
		t.Fatalf("stored blob differs from the upstream bytes")
	}
	assertNoTemp(t, s)
	return res
}

// counters are the FetchResult fields the tests compare.
type counters struct{ Attempts, Resumes, Restarts, Received int }

func countersOf(r FetchResult) counters {
	return counters{r.Attempts, r.Resumes, r.Restarts, int(r.Received)}
}

func TestFetchPlain(t *testing.T) {
	data := randBytes(50, fetchSize)
	u := &upstream{versions: [][]byte{data}, etag: true}
	s := loggedStore(t)
	res := fetchOK(t, s, u.start(t), data, FetchOptions{})
	if diff := cmp.Diff(counters{1, 0, 0, fetchSize}, countersOf(res)); diff != "" {
		t.Errorf("counters (-want +got):\n%s", diff)
	}
	if got := u.header(0, "Range"); got != "" {
		t.Errorf("first request has Range %q, want none", got)
	}
}

func TestFetchDigestMismatchLeavesNothing(t *testing.T) {
	data := randBytes(51, fetchSize)
	u := &upstream{versions: [][]byte{data}, etag: true}
	s := loggedStore(t)
	_, err := s.Fetch(context.Background(), u.start(t), DigestOf([]byte("something else")), FetchOptions{})
	if !catalog.IsKind(err, catalog.KindInvalid) {
		t.Fatalf("err = %v, want kind invalid", err)
	}
	assertEmptyStore(t, s)
}

// TestFetchResumes: the first two responses are cut mid-body; the next
// attempts ask for the rest with Range and If-Range and get it, so every
// byte crosses the wire once.
func TestFetchResumes(t *testing.T) {
	const cut1, cut2 = 1<<20 + 7, 700_000
	for _, tc := range []struct {
		name          string
		etag, lastMod bool
		ifRange       string
	}{
		{"etag", true, true, `"v0"`},
		{"last-modified", false, true, "Tue, 14 Nov 2023 22:13:20 GMT"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := randBytes(52, fetchSize)
			u := &upstream{versions: [][]byte{data}, cuts: []int64{cut1, cut2}, etag: tc.etag, lastModified: tc.lastMod}
			s := loggedStore(t)
			sl := &fakeSleep{}
			res := fetchOK(t, s, u.start(t), data, FetchOptions{Sleep: sl.sleep})
			if diff := cmp.Diff(counters{3, 2, 0, fetchSize}, countersOf(res)); diff != "" {
				t.Errorf("counters (-want +got):\n%s", diff)
			}
			for i, want := range []string{fmt.Sprintf("bytes=%d-", cut1), fmt.Sprintf("bytes=%d-", cut1+cut2)} {
				if got := u.header(i+1, "Range"); got != want {
					t.Errorf("request %d: Range %q, want %q", i+1, got, want)
				}
				if got := u.header(i+1, "If-Range"); got != tc.ifRange {
					t.Errorf("request %d: If-Range %q, want %q", i+1, got, tc.ifRange)
				}
			}
			if diff := cmp.Diff([]time.Duration{500 * time.Millisecond, time.Second}, sl.slept); diff != "" {
				t.Errorf("backoffs (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFetchRestarts: when what is upstream may not continue the bytes
// already stored, the download starts again from zero.
func TestFetchRestarts(t *testing.T) {
	const cut = 1<<20 + 3
	v0, v1 := randBytes(53, fetchSize), randBytes(54, fetchSize-1000)
	for _, tc := range []struct {
		name      string
		u         *upstream
		want      []byte
		wantRange string // of the second request
	}{
		{"etag changed", &upstream{versions: [][]byte{v0, v1}, cuts: []int64{cut}, etag: true}, v1, fmt.Sprintf("bytes=%d-", cut)},
		{"last-modified changed", &upstream{versions: [][]byte{v0, v1}, cuts: []int64{cut}, lastModified: true}, v1, fmt.Sprintf("bytes=%d-", cut)},
		{"range ignored", &upstream{versions: [][]byte{v0}, cuts: []int64{cut}, etag: true, ignoreRange: true}, v0, fmt.Sprintf("bytes=%d-", cut)},
		{"no validator", &upstream{versions: [][]byte{v0}, cuts: []int64{cut}}, v0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := loggedStore(t)
			res := fetchOK(t, s, tc.u.start(t), tc.want, FetchOptions{Sleep: (&fakeSleep{}).sleep})
			if diff := cmp.Diff(counters{2, 0, 1, cut + len(tc.want)}, countersOf(res)); diff != "" {
				t.Errorf("counters (-want +got):\n%s", diff)
			}
			if got := tc.u.header(1, "Range"); got != tc.wantRange {
				t.Errorf("second request: Range %q, want %q", got, tc.wantRange)
			}
		})
	}
}

func TestFetchCancelMidBody(t *testing.T) {
	sent := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(fetchSize))
		_, _ = w.Write(randBytes(55, 2<<20))
		w.(http.Flusher).Flush()
		close(sent)
		<-r.Context().Done()
	}))
	t.Cleanup(srv.Close)
	s := loggedStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-sent; cancel() }()
	_, err := s.Fetch(ctx, srv.URL, "", FetchOptions{Sleep: (&fakeSleep{}).sleep})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	assertEmptyStore(t, s)
}

// TestFetchResumesThroughRedirect: Range and If-Range survive a redirect.
func TestFetchResumesThroughRedirect(t *testing.T) {
	data := randBytes(56, fetchSize)
	u := &upstream{versions: [][]byte{data}, cuts: []int64{1 << 20}, etag: true}
	mux := http.NewServeMux()
	mux.Handle("/image.bin", u)
	mux.Handle("/old", http.RedirectHandler("/image.bin", http.StatusMovedPermanently))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	res := fetchOK(t, loggedStore(t), srv.URL+"/old", data, FetchOptions{Sleep: (&fakeSleep{}).sleep})
	if diff := cmp.Diff(counters{2, 1, 0, fetchSize}, countersOf(res)); diff != "" {
		t.Errorf("counters (-want +got):\n%s", diff)
	}
}
