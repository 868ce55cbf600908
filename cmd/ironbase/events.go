package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"time"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/web"
)

type eventsOpts struct {
	clientOpts
	since      int64
	follow     bool
	kind, host string
}

func eventsCmd(ctx context.Context, args []string, e env) error {
	var o eventsOpts
	fs := newFlags("events", e.stderr)
	o.register(fs, e)
	fs.Int64Var(&o.since, "since", 0, "print events after this id")
	fs.BoolVar(&o.follow, "follow", false, "keep printing new events (Ctrl-C stops)")
	fs.StringVar(&o.kind, "kind", "", "only events of this kind (host.state, pool.created, ...)")
	fs.StringVar(&o.host, "host", "", "only events about this host")
	_, c, err := o.start(fs, args, 0, "events"+" [flags]")
	if err != nil {
		return err
	}
	err = o.loop(ctx, c, e.stdout)
	if o.follow && errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// loop pages through the log from o.since; with --follow it long-polls
// for more, resuming from the last id it printed.
func (o *eventsOpts) loop(ctx context.Context, c *client, w io.Writer) error {
	for {
		q := url.Values{"since": {strconv.FormatInt(o.since, 10)}, "limit": {"1000"}, "kind": {o.kind}, "host": {o.host}}
		if o.follow {
			q.Set("wait", "30s")
		}
		var out web.EventList
		if err := c.do(ctx, "GET", "/api/v1/events?"+q.Encode(), nil, &out); err != nil {
			return err
		}
		for _, ev := range out.Events {
			if err := o.print(w, ev); err != nil {
				return err
			}
		}
		o.since = out.Next
		if len(out.Events) == 0 && !o.follow {
			return nil
		}
	}
}

func (o *eventsOpts) print(w io.Writer, ev catalog.Event) error {
	if o.output == "json" {
		return printJSONLine(w, ev)
	}
	var data bytes.Buffer
	if json.Compact(&data, ev.Data) != nil {
		data.Reset()
	}
	_, err := fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", ev.ID, ev.Time.Format(time.RFC3339),
		ev.Kind, dash(ev.Host), dash(ev.Subject), dash(ev.Actor), data.String())
	return err
}
