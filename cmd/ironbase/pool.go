package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/web"
)

func poolCmd(ctx context.Context, args []string, e env) error {
	return subcommand(ctx, "pool", args, e, map[string]func(context.Context, []string, env) error{
		"add": poolAdd, "list": poolList, "set": poolSet,
	})
}

// subcommand dispatches `ironbase GROUP VERB ...`.
func subcommand(ctx context.Context, group string, args []string, e env, verbs map[string]func(context.Context, []string, env) error) error {
	if len(args) > 0 {
		if f, ok := verbs[args[0]]; ok {
			return f(ctx, args[1:], e)
		}
	}
	names := make([]string, 0, len(verbs))
	for v := range verbs {
		names = append(names, v)
	}
	return usageErr("usage: ironbase %s %v ...", group, sortedStrings(names))
}

func poolAdd(ctx context.Context, args []string, e env) error {
	var o clientOpts
	var req web.PoolRequest
	fs := newFlags("pool add", e.stderr)
	o.register(fs, e)
	fs.IntVar(&req.CanariesPerClass, "canaries", 0, "hosts of each class a candidate must pass on (default 1)")
	fs.IntVar(&req.MaxUnavailable, "max-unavailable", 0, "hosts moved to a new image at a time (default 1)")
	fs.StringVar(&req.Heartbeat, "heartbeat", "", "agent heartbeat timeout (default 30s)")
	fs.StringVar(&req.MaxLease, "max-lease", "", "longest reservation (default 24h)")
	pos, c, err := o.start(fs, args, 1, "pool add NAME [flags]")
	if err != nil {
		return err
	}
	req.Name = pos[0]
	var p catalog.Pool
	if err := c.do(ctx, "POST", "/api/v1/pools", req, &p); err != nil {
		return err
	}
	if o.output == "json" {
		return printJSON(e.stdout, p)
	}
	_, err = fmt.Fprintf(e.stdout, "pool %s added\n", p.Name)
	return err
}

func poolList(ctx context.Context, args []string, e env) error {
	var o clientOpts
	fs := newFlags("pool list", e.stderr)
	o.register(fs, e)
	_, c, err := o.start(fs, args, 0, "pool list"+" [flags]")
	if err != nil {
		return err
	}
	var out web.PoolList
	if err := c.do(ctx, "GET", "/api/v1/pools", nil, &out); err != nil {
		return err
	}
	if o.output == "json" {
		return printJSON(e.stdout, out)
	}
	rows := make([][]string, len(out.Pools))
	for i, p := range out.Pools {
		suite := "-"
		if len(p.Suite) > 0 {
			suite = "yes"
		}
		rows[i] = []string{p.Name, strconv.Itoa(p.CanariesPerClass), strconv.Itoa(p.MaxUnavailable), p.Heartbeat.Std().String(),
			p.MaxLease.Std().String(), p.Recheck.Std().String(), suite}
	}
	return table(e.stdout, []string{"NAME", "CANARIES", "MAX-UNAVAILABLE", "HEARTBEAT", "MAX-LEASE", "RECHECK", "POOL-SUITE"}, rows)
}
