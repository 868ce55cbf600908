package main

import (
	"context"
	"fmt"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/web"
)

func hostMaintenance(ctx context.Context, args []string, e env) error {
	var off bool
	var reason string
	return hostAction(ctx, args, e, "maintenance", func(fs flagSet) {
		fs.BoolVar(&off, "off", false, "leave maintenance (the host is re-provisioned and re-verified)")
		fs.StringVar(&reason, "reason", "", "why (shown with the host)")
	}, func() any { return web.MaintenanceRequest{On: !off, Reason: reason} })
}

func hostRetire(ctx context.Context, args []string, e env) error {
	var reason string
	return hostAction(ctx, args, e, "retire", func(fs flagSet) {
		fs.StringVar(&reason, "reason", "", "why")
	}, func() any { return web.ReasonRequest{Reason: reason} })
}

func hostAccept(ctx context.Context, args []string, e env) error {
	return hostAction(ctx, args, e, "accept", func(flagSet) {}, func() any { return web.ReasonRequest{} })
}

// flagSet is the part of *flag.FlagSet the actions register on.
type flagSet interface {
	BoolVar(p *bool, name string, value bool, usage string)
	StringVar(p *string, name, value, usage string)
}

// hostAction runs `host VERB NAME` as POST /api/v1/hosts/NAME/VERB.
func hostAction(ctx context.Context, args []string, e env, verb string, flags func(flagSet), body func() any) error {
	var o clientOpts
	fs := newFlags("host "+verb, e.stderr)
	o.register(fs, e)
	flags(fs)
	pos, c, err := o.start(fs, args, 1, "host "+verb+" NAME [flags]")
	if err != nil {
		return err
	}
	var h catalog.Host
	if err := c.do(ctx, "POST", hostPath(pos[0])+"/"+verb, body(), &h); err != nil {
		return err
	}
	if o.output == "json" {
		return printJSON(e.stdout, h)
	}
	_, err = fmt.Fprintf(e.stdout, "host %s is %s\n", h.Name, h.State)
	return err
}
