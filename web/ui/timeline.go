package ui

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

// timelineMax is how many of a host's latest events its page shows.
const timelineMax = 60

// timelineEntry is one event on a host's page, newest first; a state
// change also says how long the host stayed in the state it entered.
type timelineEntry struct {
	catalog.Event
	From, To, Reason string
	Detail           string
	Lasted           time.Duration // host.state only; up to now for the current state
	Current          bool
}

func (u *UI) timeline(ctx context.Context, host string) ([]timelineEntry, error) {
	evs, err := u.lastEvents(ctx, catalog.EventFilter{Host: host}, timelineMax)
	if err != nil {
		return nil, err
	}
	out := make([]timelineEntry, 0, len(evs))
	next := u.now()
	first := true
	for i := len(evs) - 1; i >= 0; i-- {
		e := newTimelineEntry(evs[i])
		if e.Kind == "host.state" {
			e.Lasted, e.Current, first = next.Sub(e.Time), first, false
			next = e.Time
		}
		out = append(out, e)
	}
	return out, nil
}

// eventFields is the union of what host and power events carry.
type eventFields struct {
	From, To, Reason, Action, Boot, State, Result, Error, Slot, Image, Status, Step, Evidence, Alert string
}

func newTimelineEntry(e catalog.Event) timelineEntry {
	var d eventFields
	json.Unmarshal(e.Data, &d) //nolint:errcheck // unknown shapes show without detail
	t := timelineEntry{Event: e, From: d.From, To: d.To, Reason: d.Reason}
	switch {
	case d.Action != "":
		t.Detail = "power " + d.Action + " " + d.Result
	case d.Boot != "":
		t.Detail = "boot device " + d.Boot + " " + d.Result
	case d.State != "" && strings.HasPrefix(e.Kind, "power."):
		t.Detail = "power " + d.State
	case d.Alert != "":
		t.Detail = "alert: " + d.Alert
	case e.Kind == "image.staged":
		t.Detail = "staged on slot " + d.Slot
	case d.Slot != "":
		t.Detail = "slot " + d.Slot + " ← " + shortDigest(d.Image) + " " + d.Status
	case d.Result != "":
		t.Detail = "result " + d.Result
	}
	if d.Error != "" {
		t.Detail += ": " + d.Error
	}
	if d.Evidence != "" {
		t.Detail += " — " + d.Evidence
	}
	return t
}

// lastEvents returns the newest n events passing f, oldest first. The
// catalog pages forward from an id, so it starts a window back from the
// newest id and widens it until it has n or reaches the start.
func (u *UI) lastEvents(ctx context.Context, f catalog.EventFilter, n int) ([]catalog.Event, error) {
	last := u.cat.LastEventID()
	for back := int64(4 * n); ; back *= 8 {
		f.Since = max(0, last-back)
		evs, err := u.eventsAfter(ctx, f, last)
		if err != nil || len(evs) >= n || f.Since == 0 || back > 1<<20 {
			return evs[max(0, len(evs)-n):], err
		}
	}
}

// eventsAfter pages through every event after f.Since up to id last.
func (u *UI) eventsAfter(ctx context.Context, f catalog.EventFilter, last int64) ([]catalog.Event, error) {
	f.Limit = 1000
	var out []catalog.Event
	for {
		evs, err := u.cat.ListEvents(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, e := range evs {
			if e.ID <= last {
				out = append(out, e)
			}
		}
		if len(evs) < f.Limit || evs[len(evs)-1].ID >= last {
			return out, nil
		}
		f.Since = evs[len(evs)-1].ID
	}
}
