package main

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/web"
)

func reservationCmd(ctx context.Context, args []string, e env) error {
	return subcommand(ctx, "reservation", args, e, map[string]func(context.Context, []string, env) error{
		"list": reservationList, "show": reservationShow, "extend": reservationExtend, "release": releaseCmd,
	})
}

func releaseCmd(ctx context.Context, args []string, e env) error {
	return reservationCall(ctx, args, e, "release", false)
}

func reservationShow(ctx context.Context, args []string, e env) error {
	return reservationCall(ctx, args, e, "show", false)
}

func reservationExtend(ctx context.Context, args []string, e env) error {
	return reservationCall(ctx, args, e, "extend", true)
}

// reservationCall runs `reservation show|release|extend ID`.
func reservationCall(ctx context.Context, args []string, e env, verb string, extend bool) error {
	var o clientOpts
	var d time.Duration
	fs := newFlags("reservation "+verb, e.stderr)
	o.register(fs, e)
	if extend {
		fs.DurationVar(&d, "for", time.Hour, "new lease length from now (at most the pool maximum)")
	}
	pos, c, err := o.start(fs, args, 1, "reservation "+verb+" ID")
	if err != nil {
		return err
	}
	method, path, body := "POST", "/api/v1/reservations/"+url.PathEscape(pos[0]), any(struct{}{})
	switch verb {
	case "show":
		method, body = "GET", nil
	case "release":
		path += "/release"
	case "extend":
		path, body = path+"/extend", web.ExtendRequest{For: catalog.Duration(d)}
	}
	var r catalog.Reservation
	if err := c.do(ctx, method, path, body, &r); err != nil {
		return err
	}
	return printReservation(e.stdout, o.output, r)
}

func reservationList(ctx context.Context, args []string, e env) error {
	var o clientOpts
	var client, state string
	fs := newFlags("reservation list", e.stderr)
	o.register(fs, e)
	fs.StringVar(&client, "client", "", "only this client's (a token name)")
	fs.StringVar(&state, "state", "pending,active", "states, comma-separated ('' for all)")
	_, c, err := o.start(fs, args, 0, "reservation list"+" [flags]")
	if err != nil {
		return err
	}
	var out web.ReservationList
	q := url.Values{"client": {client}, "state": {state}}
	if err := c.do(ctx, "GET", "/api/v1/reservations?"+q.Encode(), nil, &out); err != nil {
		return err
	}
	if o.output == "json" {
		return printJSON(e.stdout, out)
	}
	rows := make([][]string, len(out.Reservations))
	for i, r := range out.Reservations {
		exp := "-"
		if r.ExpiresAt != nil {
			exp = r.ExpiresAt.Format(time.RFC3339)
		}
		rows[i] = []string{fmt.Sprint(r.ID), r.RequestID, r.Client, r.Pool, r.State, fmt.Sprint(r.Count), exp}
	}
	return table(e.stdout, []string{"ID", "REQUEST", "CLIENT", "POOL", "STATE", "COUNT", "EXPIRES"}, rows)
}
