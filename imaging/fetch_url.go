package imaging

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/ironbase/ironbase/catalog"
)

var (
	errTooManyRedirects = errors.New("too many redirects")
	errBadScheme        = errors.New("only http and https URLs can be fetched")
)

// parseFetchURL accepts absolute http and https URLs with a host.
func parseFetchURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, kindErr(catalog.KindInvalid, "bad URL", stripURLError(err))
	}
	if !fetchableScheme(u.Scheme) {
		return nil, kindErr(catalog.KindInvalid, fmt.Sprintf("fetch %s", redactURL(u)), errBadScheme)
	}
	if u.Host == "" {
		return nil, catalog.Errorf(catalog.KindInvalid, "bad URL %s: no host", redactURL(u))
	}
	return u, nil
}

func fetchableScheme(s string) bool { return s == "http" || s == "https" }

// redactURL is u without user info, query or fragment: signed URLs carry
// their secrets there, and this string goes into logs and errors.
func redactURL(u *url.URL) string {
	v := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}
	return v.String()
}

// stripURLError drops the *url.Error layer, whose message repeats the
// whole URL (query included).
func stripURLError(err error) error {
	if ue, ok := errors.AsType[*url.Error](err); ok {
		return ue.Err
	}
	return err
}

// redirectPolicy caps redirects and refuses to leave http(s).
func redirectPolicy(max int) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) > max {
			return fmt.Errorf("%w (more than %d)", errTooManyRedirects, max)
		}
		if !fetchableScheme(req.URL.Scheme) {
			return fmt.Errorf("redirect to %s: %w", redactURL(req.URL), errBadScheme)
		}
		return nil
	}
}
