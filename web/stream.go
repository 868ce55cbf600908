package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

// streamEvents is the event feed as Server-Sent Events: every event after
// ?since= (or the Last-Event-ID header a reconnecting browser sends), each
// with its id, then new ones as they commit, with a comment every 15 s to
// keep proxies from closing an idle stream.
func (s *Server) streamEvents(w http.ResponseWriter, r *http.Request) {
	f, _, err := s.eventQuery(r)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	if last, err := strconv.ParseInt(r.Header.Get("Last-Event-ID"), 10, 64); err == nil && last > f.Since {
		f.Since = last
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	seen := s.cat.LastEventID()
	for r.Context().Err() == nil {
		evs, err := s.cat.ListEvents(r.Context(), f)
		if err != nil {
			return
		}
		for _, e := range evs {
			b, _ := json.Marshal(e)
			fmt.Fprintf(w, "id: %d\nevent: %s\ndata: %s\n\n", e.ID, e.Kind, b)
			f.Since = e.ID
		}
		if rc.Flush() != nil {
			return
		}
		if len(evs) == pageSize(f) {
			continue // a full page: there may be more right now
		}
		last := s.waitFor(r.Context(), max(seen, f.Since), 15*time.Second)
		if last <= max(seen, f.Since) {
			fmt.Fprint(w, ": keep-alive\n\n")
		}
		seen = last
	}
}

// waitFor waits up to d for an event after since and returns the newest id.
func (s *Server) waitFor(ctx context.Context, since int64, d time.Duration) int64 {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	return s.cat.WaitEvents(ctx, since)
}

func pageSize(f catalog.EventFilter) int {
	if f.Limit == 0 {
		return 100
	}
	return f.Limit
}
