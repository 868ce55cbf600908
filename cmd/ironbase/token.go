package main

import (
	"context"
	"fmt"
	"net/url"

	"github.com/ironbase/ironbase/web"
)

func tokenCmd(ctx context.Context, args []string, e env) error {
	return subcommand(ctx, "token", args, e, map[string]func(context.Context, []string, env) error{
		"create": tokenCreate, "list": tokenList, "revoke": tokenRevoke,
	})
}

func tokenCreate(ctx context.Context, args []string, e env) error {
	var o clientOpts
	var role string
	fs := newFlags("token create", e.stderr)
	o.register(fs, e)
	fs.StringVar(&role, "role", "viewer", "admin, scheduler or viewer")
	pos, c, err := o.start(fs, args, 1, "token create NAME --role ROLE")
	if err != nil {
		return err
	}
	var out web.TokenCreated
	if err := c.do(ctx, "POST", "/api/v1/tokens", web.TokenRequest{Name: pos[0], Role: role}, &out); err != nil {
		return err
	}
	if o.output == "json" {
		return printJSON(e.stdout, out)
	}
	fmt.Fprintf(e.stderr, "token %s (%s) created; its secret is shown only now:\n", out.Token.Name, out.Token.Role)
	_, err = fmt.Fprintln(e.stdout, out.Secret)
	return err
}

func tokenList(ctx context.Context, args []string, e env) error {
	var o clientOpts
	fs := newFlags("token list", e.stderr)
	o.register(fs, e)
	_, c, err := o.start(fs, args, 0, "token list"+" [flags]")
	if err != nil {
		return err
	}
	var out web.TokenList
	if err := c.do(ctx, "GET", "/api/v1/tokens", nil, &out); err != nil {
		return err
	}
	if o.output == "json" {
		return printJSON(e.stdout, out)
	}
	rows := make([][]string, len(out.Tokens))
	for i, t := range out.Tokens {
		revoked := "-"
		if t.RevokedAt != nil {
			revoked = t.RevokedAt.Format("2006-01-02T15:04:05Z")
		}
		rows[i] = []string{t.Name, t.Role.String(), t.CreatedAt.Format("2006-01-02T15:04:05Z"), revoked}
	}
	return table(e.stdout, []string{"NAME", "ROLE", "CREATED", "REVOKED"}, rows)
}

func tokenRevoke(ctx context.Context, args []string, e env) error {
	var o clientOpts
	fs := newFlags("token revoke", e.stderr)
	o.register(fs, e)
	pos, c, err := o.start(fs, args, 1, "token revoke NAME")
	if err != nil {
		return err
	}
	if err := c.do(ctx, "DELETE", "/api/v1/tokens/"+url.PathEscape(pos[0]), nil, nil); err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "token %s revoked\n", pos[0])
	return err
}
