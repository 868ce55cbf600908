package imaging

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

// FetchOptions tune Store.Fetch. The zero value works.
type FetchOptions struct {
	// Client makes the requests; nil means a client on
	// http.DefaultTransport. Fetch uses a copy whose CheckRedirect
	// enforces MaxRedirects and the http/https schemes.
	Client *http.Client
	// MaxAttempts bounds the requests made, the first included
	// (default 5). Resumes and restarts each take one.
	MaxAttempts int
	// MaxRedirects bounds the redirects followed per request (default 5).
	MaxRedirects int
	// MaxSize, when positive, is the largest content accepted: a larger
	// Content-Length, or more bytes than that, is KindTooLarge.
	MaxSize int64
	// Backoff is the pause before the second attempt; it doubles per
	// attempt up to MaxBackoff (defaults 500ms and 30s).
	Backoff, MaxBackoff time.Duration
	// Sleep waits between attempts and returns ctx's error if ctx ends
	// first; nil waits on a timer. Tests pass a fake.
	Sleep func(ctx context.Context, d time.Duration) error
}

func (o *FetchOptions) setDefaults() {
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 5
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = 5
	}
	if o.Backoff <= 0 {
		o.Backoff = 500 * time.Millisecond
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 30 * time.Second
	}
	if o.Sleep == nil {
		o.Sleep = sleepCtx
	}
}

// FetchResult is the stored blob and how it was obtained.
type FetchResult struct {
	Blob
	Attempts int   // requests made
	Resumes  int   // attempts that continued where the previous one stopped (206)
	Restarts int   // times the bytes received so far were thrown away
	Received int64 // body bytes received over all attempts: Size unless something was re-sent
}

// Fetch downloads an http or https URL into the store with the guarantees
// of Ingest: the body is hashed while it is written to a temp file under
// ROOT/tmp, and the blob becomes visible only once complete, fsynced and,
// when want is not empty, hashing to want.
//
// A connection that drops mid-body is retried, after a backoff, with
// "Range: bytes=N-" and an If-Range validator (a strong ETag, else
// Last-Modified), so the bytes already stored are kept only if the file
// upstream is unchanged. A server that answers 200 instead (it changed, or
// ignores Range) restarts the download from zero; so does one that offers
// no validator. 5xx, 408, 429 and network errors are retried too.
//
// Errors: a bad URL, a non-retryable status (4xx, unfollowed 3xx), too
// many redirects or a digest mismatch are KindInvalid; content over
// MaxSize is KindTooLarge; running out of attempts is KindUnavailable with
// the last cause in the chain; storage errors are classified as in
// Ingest; a cancelled ctx returns its error. Whatever fails, nothing
// becomes visible and the temp file is removed. The result carries the
// attempt counters even on failure.
func (s *Store) Fetch(ctx context.Context, rawURL string, want Digest, opts FetchOptions) (FetchResult, error) {
	if want != "" && !want.Valid() {
		return FetchResult{}, catalog.Errorf(catalog.KindInvalid, "malformed expected digest %q", want)
	}
	u, err := parseFetchURL(rawURL)
	if err != nil {
		return FetchResult{}, err
	}
	opts.setDefaults()
	f, err := os.CreateTemp(s.tempPath(), tempPattern)
	if err != nil {
		return FetchResult{}, storageErr("create temp file", err)
	}
	ft := newFetcher(u, opts, f, s.log.With("url", redactURL(u)))
	res, err := s.fetchInto(ctx, ft, want)
	if err != nil {
		s.discard(f)
		return res, err
	}
	return res, nil
}

func (s *Store) fetchInto(ctx context.Context, ft *fetcher, want Digest) (FetchResult, error) {
	if err := ft.run(ctx); err != nil {
		return ft.res, err
	}
	b := Blob{Digest: digestFromSum(ft.sink.h.Sum(nil)), Size: ft.sink.n}
	if want != "" && b.Digest != want {
		return ft.res, catalog.Errorf(catalog.KindInvalid, "fetch %s: content digest %s does not match expected %s", ft.name, b.Digest, want)
	}
	if err := s.commit(ft.sink.f, b); err != nil {
		return ft.res, err
	}
	ft.res.Blob = b
	ft.log.Info("blob fetched", "digest", b.Digest.String(), "size", b.Size,
		"attempts", ft.res.Attempts, "resumes", ft.res.Resumes, "restarts", ft.res.Restarts)
	return ft.res, nil
}

// run makes attempts until the body is complete, an error is final, or
// the attempts are used up.
func (ft *fetcher) run(ctx context.Context) error {
	var last error
	for i := range ft.opts.MaxAttempts {
		if i > 0 {
			if err := ft.opts.Sleep(ctx, ft.backoff(i)); err != nil {
				return fmt.Errorf("fetch %s: %w", ft.name, err)
			}
		}
		err := ft.attempt(ctx)
		if err == nil {
			return nil
		}
		if !isTransient(err) {
			return err
		}
		last = err
		ft.log.Warn("fetch attempt failed", "attempt", i+1, "have", ft.sink.n, "err", err)
	}
	return kindErr(catalog.KindUnavailable,
		fmt.Sprintf("fetch %s: gave up after %d attempts", ft.name, ft.opts.MaxAttempts), last)
}

// backoff is the pause before attempt i (i ≥ 1): Backoff·2^(i-1), capped.
func (ft *fetcher) backoff(i int) time.Duration {
	d := ft.opts.Backoff
	for ; i > 1 && d < ft.opts.MaxBackoff; i-- {
		d *= 2
	}
	return min(d, ft.opts.MaxBackoff)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// fetcher is the state of one Fetch across its attempts.
type fetcher struct {
	url       string // the URL as given, requested on every attempt
	name      string // the URL without credentials or query, for messages
	opts      FetchOptions
	client    *http.Client
	sink      *fetchSink
	validator string // If-Range value from the response that started the body; "" if none
	total     int64  // full content length, -1 if unknown
	res       FetchResult
	log       *slog.Logger
}
