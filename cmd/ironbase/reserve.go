package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

func reserveCmd(ctx context.Context, args []string, e env) error {
	var o clientOpts
	var req catalog.ReserveRequest
	var tags listFlag
	var dur, wait time.Duration
	fs := newFlags("reserve", e.stderr)
	o.register(fs, e)
	fs.StringVar(&req.Pool, "pool", "", "pool (required)")
	fs.Var(&tags, "tag", "tag key=value the hosts must have (repeatable; all must match)")
	fs.StringVar(&req.Arch, "arch", "", "x86_64 or arm64")
	fs.IntVar(&req.Count, "count", 1, "number of hosts (all or nothing)")
	fs.DurationVar(&dur, "for", time.Hour, "lease length")
	fs.StringVar(&req.RequestID, "request-id", "", "idempotency key: retrying with the same id returns the same reservation (default: random, printed)")
	fs.DurationVar(&wait, "wait", 0, "wait up to this long for a queued request to be granted")
	fs.StringVar(&req.Image, "image", "", "ask for hosts booted on this candidate image digest")
	fs.IntVar(&req.Priority, "priority", 0, "higher is served first")
	if err := noArgs(fs, args, "reserve --pool P"); err != nil {
		return err
	}
	if req.Pool == "" {
		return usageErr("reserve needs --pool")
	}
	req.Duration, req.Tags = catalog.Duration(dur), map[string]string{}
	for _, t := range tags {
		k, v, err := catalog.ParseTag(t)
		if err != nil {
			return err
		}
		req.Tags[k] = v
	}
	if req.RequestID == "" {
		req.RequestID = randomID()
		fmt.Fprintf(e.stderr, "request id %s (retry with --request-id %s)\n", req.RequestID, req.RequestID)
	}
	c, err := o.client()
	if err != nil {
		return err
	}
	c.http.Timeout = wait + 90*time.Second
	var r catalog.Reservation
	path := "/api/v1/reservations?" + url.Values{"wait": {wait.String()}}.Encode()
	if err := c.do(ctx, "POST", path, req, &r); err != nil {
		return err
	}
	return printReservation(e.stdout, o.output, r)
}

func randomID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func printReservation(w io.Writer, output string, r catalog.Reservation) error {
	if output == "json" {
		return printJSON(w, r)
	}
	fmt.Fprintf(w, "reservation %d (%s): %s, %d host(s) in %s\n", r.ID, r.RequestID, r.State, r.Count, r.Pool)
	if r.ExpiresAt != nil {
		fmt.Fprintf(w, "expires %s\n", r.ExpiresAt.Format(time.RFC3339))
	}
	rows := make([][]string, len(r.Hosts))
	for i, h := range r.Hosts {
		rows[i] = []string{h.Host, dash(h.Slot), dash(h.Image), dash(h.Kernel), fmt.Sprint(h.Boot), dash(h.Suite), checkSummary(h.Checks)}
	}
	if len(rows) == 0 {
		return nil
	}
	return table(w, []string{"HOST", "SLOT", "IMAGE", "KERNEL", "BOOT", "SUITE", "CHECKS"}, rows)
}

func checkSummary(cs []catalog.CheckResult) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, c.Name+"="+c.Result)
	}
	return dash(strings.Join(parts, ","))
}
