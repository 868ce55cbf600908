package main

import (
	"context"
	"fmt"
	"net/url"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/web"
)

func imagePromote(ctx context.Context, args []string, e env) error {
	return poolImageCall(ctx, args, e, "promote")
}

func imageRevoke(ctx context.Context, args []string, e env) error {
	return poolImageCall(ctx, args, e, "revoke")
}

// poolImageCall runs `image promote|revoke REF --pool P`.
func poolImageCall(ctx context.Context, args []string, e env, verb string) error {
	var o clientOpts
	var req web.PromoteRequest
	fs := newFlags("image "+verb, e.stderr)
	o.register(fs, e)
	fs.StringVar(&req.Pool, "pool", "", "the pool (required)")
	fs.StringVar(&req.Reason, "reason", "", "why (recorded)")
	if verb == "promote" {
		fs.BoolVar(&req.Force, "force", false, "promote without verification evidence (recorded as forced)")
	}
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 1, "image "+verb+" REF --pool P"); err != nil {
		return err
	}
	if req.Pool == "" {
		return usageErr("image %s needs --pool", verb)
	}
	c, err := o.client()
	if err != nil {
		return err
	}
	var pi catalog.PoolImages
	if err := c.do(ctx, "POST", "/api/v1/images/"+url.PathEscape(pos[0])+"/"+verb, req, &pi); err != nil {
		return err
	}
	if o.output == "json" {
		return printJSON(e.stdout, pi)
	}
	_, err = fmt.Fprintf(e.stdout, "pool %s (%s): promoted %s, fallback %s\n", pi.Pool, pi.Arch, dash(pi.Promoted), dash(pi.Fallback))
	return err
}

func imageRetire(ctx context.Context, args []string, e env) error {
	var o clientOpts
	var reason string
	fs := newFlags("image retire", e.stderr)
	o.register(fs, e)
	fs.StringVar(&reason, "reason", "", "why (recorded)")
	pos, c, err := o.start(fs, args, 1, "image retire REF")
	if err != nil {
		return err
	}
	var im catalog.Image
	if err := c.do(ctx, "POST", "/api/v1/images/"+url.PathEscape(pos[0])+"/retire", web.ReasonRequest{Reason: reason}, &im); err != nil {
		return err
	}
	if o.output == "json" {
		return printJSON(e.stdout, im)
	}
	_, err = fmt.Fprintf(e.stdout, "image %s is %s\n", im.Digest, im.State)
	return err
}
