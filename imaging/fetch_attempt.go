package imaging

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strconv"

	"github.com/ironbase/ironbase/catalog"
)

func newFetcher(u *url.URL, opts FetchOptions, f *os.File, log *slog.Logger) *fetcher {
	c := http.Client{}
	if opts.Client != nil {
		c = *opts.Client
	}
	c.CheckRedirect = redirectPolicy(opts.MaxRedirects)
	return &fetcher{
		url: u.String(), name: redactURL(u), opts: opts, client: &c,
		sink: newFetchSink(f, opts.MaxSize), total: -1, log: log,
	}
}

// transientErr marks a failure worth another attempt.
type transientErr struct{ error }

func (e transientErr) Unwrap() error { return e.error }

func isTransient(err error) bool {
	_, ok := errors.AsType[transientErr](err)
	return ok
}

// attempt makes one request and stores its body: from zero, or from
// where the previous attempt stopped.
func (ft *fetcher) attempt(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, ft.url, nil)
	if err != nil {
		return kindErr(catalog.KindInvalid, "bad URL "+ft.name, stripURLError(err))
	}
	// identity: the transport must not decompress, or Range offsets
	// would not count the bytes we store.
	req.Header.Set("Accept-Encoding", "identity")
	if ft.sink.n > 0 && ft.validator == "" {
		if err := ft.restart("no ETag or Last-Modified to resume against", nil); err != nil {
			return err
		}
	}
	if ft.sink.n > 0 {
		req.Header.Set("Range", fmt.Sprintf("bytes=%d-", ft.sink.n))
		req.Header.Set("If-Range", ft.validator)
	}
	ft.res.Attempts++
	resp, err := ft.client.Do(req)
	if err != nil {
		return ft.requestErr(ctx, err)
	}
	defer resp.Body.Close()
	if err := ft.accept(resp); err != nil {
		return err
	}
	return ft.readBody(ctx, resp.Body)
}

// requestErr classifies a failed request: redirect trouble is final, a
// cancelled ctx is final, anything else (dial, TLS, reset) is transient.
func (ft *fetcher) requestErr(ctx context.Context, err error) error {
	err = stripURLError(err)
	switch {
	case ctx.Err() != nil:
		return fmt.Errorf("fetch %s: %w", ft.name, ctx.Err())
	case errors.Is(err, errTooManyRedirects), errors.Is(err, errBadScheme):
		return kindErr(catalog.KindInvalid, "fetch "+ft.name, err)
	default:
		return transientErr{fmt.Errorf("request: %w", err)}
	}
}

// accept checks the response status and decides whether its body
// continues the bytes stored so far or replaces them.
func (ft *fetcher) accept(resp *http.Response) error {
	switch code := resp.StatusCode; {
	case code == http.StatusOK:
		return ft.startOver(resp)
	case code == http.StatusPartialContent:
		return ft.resume(resp)
	case code == http.StatusRequestedRangeNotSatisfiable && ft.sink.n > 0:
		return ft.restart("416 to a Range request", transientErr{errors.New("HTTP 416")})
	case code >= 500, code == http.StatusRequestTimeout, code == http.StatusTooManyRequests:
		return transientErr{fmt.Errorf("HTTP %s", resp.Status)}
	default:
		return catalog.Errorf(catalog.KindInvalid, "fetch %s: HTTP %s", ft.name, resp.Status)
	}
}

// startOver takes a 200 body as the whole content from byte 0.
func (ft *fetcher) startOver(resp *http.Response) error {
	if ft.sink.n > 0 {
		if err := ft.restart("server sent the whole content (changed upstream, or Range ignored)", nil); err != nil {
			return err
		}
	}
	ft.validator = ifRangeValidator(resp.Header)
	ft.total = resp.ContentLength
	return ft.checkTotal()
}

// resume takes a 206 body, which must start exactly where we stopped.
func (ft *fetcher) resume(resp *http.Response) error {
	start, total, ok := parseContentRange(resp.Header.Get("Content-Range"))
	switch {
	case !ok || start != ft.sink.n:
		why := fmt.Sprintf("206 with Content-Range %q, have %d bytes", resp.Header.Get("Content-Range"), ft.sink.n)
		return ft.restart(why, transientErr{errors.New(why)})
	case total >= 0 && ft.total >= 0 && total != ft.total:
		return ft.restart("length changed upstream", transientErr{errors.New("length changed upstream")})
	}
	if total >= 0 {
		ft.total = total
	}
	if ft.validator == "" { // a 206 to a plain GET
		ft.validator = ifRangeValidator(resp.Header)
	}
	if start > 0 {
		ft.res.Resumes++
		ft.log.Info("fetch resumed", "offset", start, "total", ft.total)
	}
	return ft.checkTotal()
}

// restart throws away the bytes stored so far; the next body starts at 0.
// It returns then (nil: go on with this response's body).
func (ft *fetcher) restart(why string, then error) error {
	ft.log.Warn("fetch restarting from zero", "discarded", ft.sink.n, "why", why)
	ft.res.Restarts++
	ft.validator, ft.total = "", -1
	if err := ft.sink.reset(); err != nil {
		return err
	}
	return then
}

func (ft *fetcher) checkTotal() error {
	if ft.opts.MaxSize > 0 && ft.total > ft.opts.MaxSize {
		return catalog.Errorf(catalog.KindTooLarge, "fetch %s: %d bytes, more than the limit of %d", ft.name, ft.total, ft.opts.MaxSize)
	}
	return nil
}

// readBody stores body. A read error is transient (the next attempt
// resumes); so is a clean end before the known total.
func (ft *fetcher) readBody(ctx context.Context, body io.Reader) error {
	buf := make([]byte, fetchChunk)
	for {
		n, rerr := fill(body, buf)
		ft.res.Received += int64(n)
		if err := ft.sink.write(buf[:n]); err != nil {
			return ft.writeErr(err)
		}
		switch {
		case rerr == io.EOF:
			return ft.complete()
		case rerr != nil && ctx.Err() != nil:
			return fmt.Errorf("fetch %s: %w", ft.name, ctx.Err())
		case rerr != nil:
			return transientErr{fmt.Errorf("read body at byte %d: %w", ft.sink.n, rerr)}
		}
	}
}

func (ft *fetcher) writeErr(err error) error {
	if errors.Is(err, errFetchTooLarge) {
		return catalog.Errorf(catalog.KindTooLarge, "fetch %s: more than the limit of %d bytes", ft.name, ft.opts.MaxSize)
	}
	return storageErr("write temp file", err)
}

func (ft *fetcher) complete() error {
	if ft.total >= 0 && ft.sink.n != ft.total {
		return transientErr{fmt.Errorf("body ended at byte %d of %d", ft.sink.n, ft.total)}
	}
	return nil
}

// fill reads into buf until it is full or r fails, returning r's error
// unchanged (io.EOF included).
func fill(r io.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// ifRangeValidator picks what If-Range may carry: a strong ETag, else
// Last-Modified; "" when the server offers neither (then a dropped
// connection restarts from zero rather than risk splicing two versions).
func ifRangeValidator(h http.Header) string {
	if et := h.Get("ETag"); et != "" && et[0] == '"' {
		return et
	}
	return h.Get("Last-Modified")
}

// parseContentRange parses "bytes START-END/TOTAL"; total is -1 for "*".
func parseContentRange(v string) (start, total int64, ok bool) {
	var end int64
	var tot string
	if _, err := fmt.Sscanf(v, "bytes %d-%d/%s", &start, &end, &tot); err != nil || start < 0 || end < start {
		return 0, 0, false
	}
	if tot == "*" {
		return start, -1, true
	}
	total, err := strconv.ParseInt(tot, 10, 64)
	if err != nil || total <= end {
		return 0, 0, false
	}
	return start, total, true
}
