package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/web"
)

// clientOpts are the flags every client command shares.
type clientOpts struct {
	server, token, output string
}

func (o *clientOpts) register(fs *flag.FlagSet, e env) {
	fs.StringVar(&o.server, "server", or(e.getenv("IRONBASE_SERVER"), "http://127.0.0.1:8080"), "ironbase server URL (env IRONBASE_SERVER)")
	fs.StringVar(&o.token, "token", e.getenv("IRONBASE_TOKEN"), "API token (env IRONBASE_TOKEN; default: ./ironbase-data/admin.token)")
	fs.StringVar(&o.output, "o", "table", "output format: table or json")
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// client talks to the API.
type client struct {
	base, token string
	http        *http.Client
}

func (o *clientOpts) client() (*client, error) {
	if o.output != "table" && o.output != "json" {
		return nil, usageErr("-o %q: want table or json", o.output)
	}
	tok := o.token
	if tok == "" {
		b, err := os.ReadFile("ironbase-data/admin.token")
		if err != nil {
			return nil, catalog.Errorf(catalog.KindUnauthenticated,
				"no API token: pass --token or set IRONBASE_TOKEN (no ./ironbase-data/admin.token either)")
		}
		tok = strings.TrimSpace(string(b))
	}
	return &client{base: strings.TrimRight(o.server, "/"), token: tok, http: &http.Client{Timeout: 90 * time.Second}}, nil
}

// do sends in (if not nil) as JSON and decodes the reply into out (if not
// nil). An error reply becomes a *catalog.Error with the server's kind.
func (c *client) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return usageErr("bad server URL %q: %v", c.base, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return &catalog.Error{Kind: catalog.KindUnavailable, Msg: "cannot reach ironbase at " + c.base, Err: err}
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return replyError(resp)
	}
	if out == nil {
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("decode reply from %s: %w", path, err)
	}
	return nil
}

func replyError(resp *http.Response) error {
	var eb web.ErrorBody
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if json.Unmarshal(b, &eb) != nil || eb.Error.Message == "" {
		return fmt.Errorf("server answered %s", resp.Status)
	}
	return &catalog.Error{Kind: catalog.ParseKind(eb.Error.Kind), Msg: eb.Error.Message}
}

// start parses a client command's flags and its n positional arguments
// (usage form otherwise) and makes the API client.
func (o *clientOpts) start(fs *flag.FlagSet, args []string, n int, form string) ([]string, *client, error) {
	pos, err := parseArgs(fs, args)
	if err != nil {
		return nil, nil, err
	}
	if err := wantArgs(pos, n, form); err != nil {
		return nil, nil, err
	}
	c, err := o.client()
	return pos, c, err
}
