package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strconv"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/web"
)

// poolSet is `ironbase pool set NAME [flags]`: only the flags given change.
func poolSet(ctx context.Context, args []string, e env) error {
	var o clientOpts
	fs := newFlags("pool set", e.stderr)
	o.register(fs, e)
	fs.Int("canaries", 0, "hosts of each class a candidate must pass on")
	fs.Int("max-unavailable", 0, "hosts moved to a new image at a time")
	fs.String("heartbeat", "", "agent heartbeat timeout, e.g. 30s")
	fs.String("max-lease", "", "longest reservation, e.g. 24h")
	fs.String("recheck", "", "re-verify idle ready hosts this often, e.g. 6h (0s: never)")
	fs.String("suite", "", "pool-wide checks FILE added to every image's suite (\"\" removes it)")
	pos, c, err := o.start(fs, args, 1, "pool set NAME [flags]")
	if err != nil {
		return err
	}
	req, err := poolUpdate(fs)
	if err != nil {
		return err
	}
	var p catalog.Pool
	if err := c.do(ctx, "PATCH", "/api/v1/pools/"+pos[0], req, &p); err != nil {
		return err
	}
	if o.output == "json" {
		return printJSON(e.stdout, p)
	}
	_, err = fmt.Fprintf(e.stdout, "pool %s updated\n", p.Name)
	return err
}

// poolUpdate builds the request from the flags the user set.
func poolUpdate(fs *flag.FlagSet) (web.PoolUpdate, error) {
	var u web.PoolUpdate
	var err error
	changed := false
	fs.Visit(func(f *flag.Flag) {
		v := f.Value.String()
		changed = changed || poolFlags[f.Name]
		switch f.Name {
		case "canaries", "max-unavailable":
			n, _ := strconv.Atoi(v)
			if f.Name == "canaries" {
				u.CanariesPerClass = &n
			} else {
				u.MaxUnavailable = &n
			}
		case "heartbeat":
			u.Heartbeat = &v
		case "max-lease":
			u.MaxLease = &v
		case "recheck":
			u.Recheck = &v
		case "suite":
			u.Suite, err = suiteFile(v)
		}
	})
	if err == nil && !changed {
		err = usageErr("pool set: nothing to change (see --help)")
	}
	return u, err
}

var poolFlags = map[string]bool{"canaries": true, "max-unavailable": true, "heartbeat": true, "max-lease": true, "recheck": true, "suite": true}

func suiteFile(path string) (json.RawMessage, error) {
	if path == "" {
		return json.RawMessage(`""`), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, usageErr("--suite: %v", err)
	}
	return b, nil
}
