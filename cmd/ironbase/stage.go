package main

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/web"
)

// hostsFlag collects repeated --host flags.
type hostsFlag []string

func (h *hostsFlag) String() string     { return strings.Join(*h, ",") }
func (h *hostsFlag) Set(v string) error { *h = append(*h, v); return nil }

// imageStage runs `image stage REF --pool P [--hosts N | --host H…]`.
func imageStage(ctx context.Context, args []string, e env) error {
	var o clientOpts
	var req catalog.StageRequest
	var hosts hostsFlag
	fs := newFlags("image stage", e.stderr)
	o.register(fs, e)
	fs.StringVar(&req.Pool, "pool", "", "the pool whose idle ready hosts trial the image (required)")
	fs.IntVar(&req.Count, "hosts", 0, "how many hosts (default: the pool's canaries, per host class)")
	fs.Var(&hosts, "host", "a host to stage on (repeatable)")
	pos, c, err := o.start(fs, args, 1, "image stage REF --pool P [--hosts N | --host H]...")
	if err != nil {
		return err
	}
	if req.Pool == "" {
		return usageErr("image stage needs --pool")
	}
	req.Hosts = hosts
	var out web.StageReply
	if err := c.do(ctx, "POST", "/api/v1/images/"+url.PathEscape(pos[0])+"/stage", req, &out); err != nil {
		return err
	}
	if o.output == "json" {
		return printJSON(e.stdout, out)
	}
	_, err = fmt.Fprintf(e.stdout, "staged %s on slot B of %s (pool %s); each host trial-boots it once\n",
		out.Image, strings.Join(out.Hosts, ", "), out.Pool)
	return err
}

func hostRetest(ctx context.Context, args []string, e env) error {
	return hostAction(ctx, args, e, "retest", func(flagSet) {}, func() any { return struct{}{} })
}
