package main

import (
	"context"
	"fmt"

	"github.com/ironbase/ironbase/web"
)

func imageVerify(ctx context.Context, args []string, e env) error {
	var o clientOpts
	fs := newFlags("image verify", e.stderr)
	o.register(fs, e)
	_, c, err := o.start(fs, args, 0, "image verify"+" [flags]")
	if err != nil {
		return err
	}
	var rep web.VerifyReport
	if err := c.do(ctx, "POST", "/api/v1/images/verify", struct{}{}, &rep); err != nil {
		return err
	}
	if o.output == "json" {
		return printJSON(e.stdout, rep)
	}
	for _, b := range rep.Bad {
		fmt.Fprintf(e.stdout, "BAD %s: %s\n", b.Digest, b.Error)
	}
	fmt.Fprintf(e.stdout, "%d bad blobs; %d images changed state (see `ironbase events --kind image.corrupt`)\n", len(rep.Bad), rep.Changed)
	if len(rep.Bad) > 0 {
		return &exitError{code: 1, msg: "image store has corrupt blobs"}
	}
	return nil
}

func imageGC(ctx context.Context, args []string, e env) error {
	var o clientOpts
	var req web.GCRequest
	fs := newFlags("image gc", e.stderr)
	o.register(fs, e)
	fs.BoolVar(&req.DryRun, "dry-run", false, "report what would be removed; remove nothing")
	_, c, err := o.start(fs, args, 0, "image gc [--dry-run]"+" [flags]")
	if err != nil {
		return err
	}
	var rep web.GCReply
	if err := c.do(ctx, "POST", "/api/v1/images/gc", req, &rep); err != nil {
		return err
	}
	if o.output == "json" {
		return printJSON(e.stdout, rep)
	}
	verb := "removed"
	if rep.DryRun {
		verb = "would remove"
	}
	for _, b := range rep.Removed {
		fmt.Fprintf(e.stdout, "%s %s (%d bytes)\n", verb, b.Digest, b.Size)
	}
	for _, d := range rep.Missing {
		fmt.Fprintf(e.stdout, "MISSING %s: referenced but not stored\n", d)
	}
	_, err = fmt.Fprintf(e.stdout, "%s %d blobs (%d bytes) and %d temp files; kept %d\n", verb, len(rep.Removed), rep.Freed, rep.Temp, rep.Kept)
	return err
}

// exitError is a failure that is not a domain error: a check that found
// something wrong.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }
