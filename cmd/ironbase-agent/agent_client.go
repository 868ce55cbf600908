package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/ironbase/ironbase/testsuite"
)

// order is the server's reply to a hello or a heartbeat (the server's
// catalog.AgentOrder): what to do, numbered so each command runs once,
// how often to report, and whether to sample resource use.
type order struct {
	Command   string             `json:"command,omitempty"` // "", retest, hold, reboot, poweroff
	ID        int64              `json:"id,omitempty"`
	Heartbeat testsuite.Duration `json:"heartbeat"`
	Sample    bool               `json:"sample"`
}

// suiteReport is the body of POST /agent/v1/suite.
type suiteReport struct {
	Kernel string           `json:"kernel"`
	Report testsuite.Report `json:"report"`
}

// maxReply caps what the agent reads of a reply (a suite is the largest).
const maxReply = 2 * testsuite.MaxFileBytes

// client speaks the agent protocol (docs/agent-protocol.md) for one boot.
type client struct {
	base  string // the server URL + "/agent/v1"
	token string // the boot token: sent, never logged
	host  string // sent as Ironbase-Host so a mixed-up token is refused
	http  *http.Client
}

func newClient(p BootParams, hc *http.Client) *client {
	return &client{base: strings.TrimRight(p.Server, "/") + "/agent/v1", token: p.Boot, host: p.Host, http: hc}
}

func (c *client) hello(ctx context.Context, h Hello) (order, error) {
	var o order
	return o, c.postJSON(ctx, "/hello", h, &o)
}

func (c *client) heartbeat(ctx context.Context) (order, error) {
	var o order
	return o, c.do(ctx, "POST", "/heartbeat", "", nil, &o)
}

// suite returns the checks document of this boot, as sent.
func (c *client) suite(ctx context.Context) ([]byte, error) {
	var raw json.RawMessage
	return raw, c.do(ctx, "GET", "/suite", "", nil, &raw)
}

func (c *client) report(ctx context.Context, r suiteReport) error {
	return c.postJSON(ctx, "/suite", r, nil)
}

func (c *client) samples(ctx context.Context, seg []byte) error {
	return c.do(ctx, "POST", "/samples", "application/octet-stream", seg, nil)
}

func (c *client) postJSON(ctx context.Context, path string, in, out any) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return c.do(ctx, "POST", path, "application/json", b, out)
}

// do sends one request; a reply that is not 2xx is an *httpError, and out
// (when not nil) is filled from a 2xx JSON reply.
func (c *client) do(ctx context.Context, method, path, ctype string, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Ironbase-Host", c.host)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxReply))
	if err != nil {
		return fmt.Errorf("%s %s: read reply: %w", method, path, err)
	}
	if resp.StatusCode/100 != 2 {
		return replyError(method, path, resp.StatusCode, b)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("%s %s: reply: %w", method, path, err)
	}
	return nil
}

// httpError is a reply that is not 2xx, with the server's message.
type httpError struct {
	method, path string
	status       int
	msg          string
}

func (e *httpError) Error() string {
	return fmt.Sprintf("%s %s: %d %s: %s", e.method, e.path, e.status, http.StatusText(e.status), e.msg)
}

// errStale is a 401: the server no longer takes this boot's token (the
// host was booted again, or the token was never this host's).
var errStale = errors.New("boot token refused: this boot is not the host's current boot")

func (e *httpError) Is(target error) bool {
	return target == errStale && e.status == http.StatusUnauthorized
}

func replyError(method, path string, status int, body []byte) error {
	var eb struct {
		Error struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	msg := strings.TrimSpace(string(body))
	if json.Unmarshal(body, &eb) == nil && eb.Error.Message != "" {
		msg = eb.Error.Message
	}
	if len(msg) > 300 {
		msg = msg[:300] + "…"
	}
	return &httpError{method: method, path: path, status: status, msg: msg}
}

// retryable: network trouble (a refused connection, a timeout), 5xx and
// 429 are worth trying again; any other reply is an answer.
func retryable(err error) bool {
	var he *httpError
	if errors.As(err, &he) {
		return he.status >= 500 || he.status == http.StatusTooManyRequests
	}
	return err != nil
}
