package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/web"
)

func hostList(ctx context.Context, args []string, e env) error {
	var o clientOpts
	var pool, state string
	fs := newFlags("host list", e.stderr)
	o.register(fs, e)
	fs.StringVar(&pool, "pool", "", "only hosts of this pool")
	fs.StringVar(&state, "state", "", "only hosts in this state")
	_, c, err := o.start(fs, args, 0, "host list"+" [flags]")
	if err != nil {
		return err
	}
	q := url.Values{}
	if pool != "" {
		q.Set("pool", pool)
	}
	if state != "" {
		q.Set("state", state)
	}
	var out web.HostList
	if err := c.do(ctx, "GET", "/api/v1/hosts?"+q.Encode(), nil, &out); err != nil {
		return err
	}
	if o.output == "json" {
		return printJSON(e.stdout, out)
	}
	return hostTable(e.stdout, out.Hosts, time.Now())
}

func hostTable(w io.Writer, hs []catalog.Host, now time.Time) error {
	rows := make([][]string, len(hs))
	for i, h := range hs {
		rows[i] = []string{h.Name, h.State.String(), age(h.StateSince, now), dash(h.Pool), h.Arch,
			h.Firmware, strings.Join(h.MACs, ","), tagString(h.Tags)}
	}
	return table(w, []string{"NAME", "STATE", "FOR", "POOL", "ARCH", "FIRMWARE", "MACS", "TAGS"}, rows)
}

func hostShow(ctx context.Context, args []string, e env) error {
	var o clientOpts
	fs := newFlags("host show", e.stderr)
	o.register(fs, e)
	pos, c, err := o.start(fs, args, 1, "host show NAME")
	if err != nil {
		return err
	}
	var h web.HostShow
	if err := c.do(ctx, "GET", hostPath(pos[0]), nil, &h); err != nil {
		return err
	}
	if o.output == "json" {
		return printJSON(e.stdout, h)
	}
	return showHost(e.stdout, h)
}

func showHost(w io.Writer, d web.HostShow) error {
	h := d.Host
	bmc := "-"
	if h.BMC != nil {
		bmc = fmt.Sprintf("%s user=%s interface=%s cipher-suite=%d", h.BMC.Address, h.BMC.Username, h.BMC.Interface, h.BMC.CipherSuite)
	}
	rows := [][]string{
		{"name:", h.Name}, {"state:", fmt.Sprintf("%s since %s", h.State, h.StateSince.Format(time.RFC3339))},
		{"reason:", dash(h.Reason)}, {"phase:", dash(h.Phase)}, {"pool:", dash(h.Pool)},
		{"arch:", h.Arch}, {"firmware:", h.Firmware}, {"ip:", dash(h.IP)},
		{"macs:", strings.Join(h.MACs, ", ")}, {"tags:", tagString(h.Tags)}, {"bmc:", bmc},
	}
	if h.Alert != "" {
		rows = append(rows, []string{"ALERT:", h.Alert})
	}
	for _, sl := range h.Slots {
		rows = append(rows, []string{"slot " + sl.Slot + ":", strings.TrimSpace(dash(sl.Image) + " " + sl.Status)})
	}
	rows = append(rows, bootRows(d)...)
	return table(w, []string{"HOST", h.Name}, rows[1:])
}

// bootRows are the current boot, the latest suite with every check's
// observed vs expected value, and the resource summary.
func bootRows(d web.HostShow) [][]string {
	var rows [][]string
	if b := d.Boot; b != nil {
		rows = append(rows, []string{"boot:", fmt.Sprintf("%d slot %s %s kernel %s started %s", b.ID, b.Slot, b.Image,
			dash(b.Kernel), b.Started.Format(time.RFC3339))})
	}
	if s := d.Suite; s != nil {
		rows = append(rows, []string{"suite:", fmt.Sprintf("%s (run %d, %s)", s.Result, s.ID, s.Ended.Format(time.RFC3339))})
		for _, c := range s.Checks {
			rows = append(rows, []string{"  " + c.Result + ":", fmt.Sprintf("%s [%s] expected %s, observed %s", c.Name, dash(c.Class), dash(c.Expected), dash(c.Observed))})
		}
	}
	if u := d.Usage; u != nil && len(u.Series) > 0 {
		last := u.Series[len(u.Series)-1]
		rows = append(rows, []string{"usage:", fmt.Sprintf("%d samples; now %d processes, %d MiB RSS, %d MiB available, CPU %d‰",
			u.Samples, last.Procs, last.RSSMiB, last.MemAvailableMiB, last.CPU)})
		for _, p := range u.TopMemory {
			rows = append(rows, []string{"  peak:", fmt.Sprintf("%s (pid %d) %d KiB", p.Comm, p.PID, p.PeakKiB)})
		}
	}
	return rows
}
