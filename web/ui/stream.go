package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

// streamFilter narrows the UI's event stream: an exact kind, a kind
// prefix ("image."), a host. Empty fields match everything.
type streamFilter struct {
	Kind, Prefix, Host string
}

func (f streamFilter) match(e catalog.Event) bool {
	return (f.Kind == "" || e.Kind == f.Kind) && strings.HasPrefix(e.Kind, f.Prefix) && (f.Host == "" || e.Host == f.Host)
}

// streamEvent is what the page's script needs of an event: enough to
// know what to re-fetch, never an event's data.
type streamEvent struct {
	ID      int64  `json:"id"`
	Kind    string `json:"kind"`
	Host    string `json:"host,omitempty"`
	Subject string `json:"subject,omitempty"`
}

// stream is the event feed as Server-Sent Events for the pages' scripts,
// authenticated by the session cookie (EventSource cannot send a bearer
// token). It starts after ?since= (the page's own starting point) or the
// newest event, or after Last-Event-ID when the browser reconnects, like
// /api/v1/events/stream.
func (u *UI) stream(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := streamFilter{Kind: q.Get("kind"), Prefix: q.Get("prefix"), Host: q.Get("host")}
	since := u.cat.LastEventID()
	if v, err := strconv.ParseInt(q.Get("since"), 10, 64); err == nil && v >= 0 && v < since {
		since = v
	}
	if last, err := strconv.ParseInt(r.Header.Get("Last-Event-ID"), 10, 64); err == nil && last >= 0 {
		since = last
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	fmt.Fprint(w, "retry: 2000\n\n")
	for r.Context().Err() == nil && rc.Flush() == nil {
		seen := u.cat.LastEventID() // committed before the read below, so the read sees all of it
		next, full, err := u.sendEvents(r.Context(), w, f, since)
		if err != nil {
			return
		}
		if !full {
			next = max(next, seen)
			if rc.Flush() == nil && u.waitFor(r.Context(), next, 15*time.Second) <= next {
				fmt.Fprint(w, ": keep-alive\n\n")
			}
		}
		since = next
	}
}

// sendEvents writes the matching events after since; it returns the last
// id it read and whether the page was full (more may be waiting).
func (u *UI) sendEvents(ctx context.Context, w http.ResponseWriter, f streamFilter, since int64) (int64, bool, error) {
	const limit = 1000
	evs, err := u.cat.ListEvents(ctx, catalog.EventFilter{Since: since, Limit: limit, Host: f.Host, Kind: f.Kind})
	if err != nil {
		return since, false, err
	}
	for _, e := range evs {
		since = e.ID
		if !f.match(e) {
			continue
		}
		b, _ := json.Marshal(streamEvent{ID: e.ID, Kind: e.Kind, Host: e.Host, Subject: e.Subject})
		fmt.Fprintf(w, "id: %d\ndata: %s\n\n", e.ID, b)
	}
	return since, len(evs) == limit, nil
}

func (u *UI) waitFor(ctx context.Context, since int64, d time.Duration) int64 {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	return u.cat.WaitEvents(ctx, since)
}
