package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

// listEvents returns events after ?since=ID; with ?wait=DURATION it holds
// the request until there is something to return or the wait is over
// (long-poll). Every reply carries the id to resume from.
func (s *Server) listEvents(w http.ResponseWriter, r *http.Request) {
	f, wait, err := s.eventQuery(r)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	evs, err := s.cat.ListEvents(r.Context(), f)
	if err == nil && len(evs) == 0 && wait > 0 {
		evs, err = s.waitEvents(r.Context(), f, wait)
	}
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	next := f.Since
	if len(evs) > 0 {
		next = evs[len(evs)-1].ID
	}
	writeJSON(w, http.StatusOK, EventList{Events: evs, Next: next})
}

// waitEvents waits for new events; an event of another kind or host wakes
// it too, so it keeps waiting until one passes the filter or time is up.
func (s *Server) waitEvents(ctx context.Context, f catalog.EventFilter, wait time.Duration) ([]catalog.Event, error) {
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	seen := f.Since
	for ctx.Err() == nil {
		last := s.cat.WaitEvents(ctx, seen)
		if last <= seen {
			break
		}
		evs, err := s.cat.ListEvents(ctx, f)
		if err != nil || len(evs) > 0 {
			return evs, err
		}
		seen = last
	}
	return []catalog.Event{}, nil
}

func (s *Server) eventQuery(r *http.Request) (catalog.EventFilter, time.Duration, error) {
	q := r.URL.Query()
	f := catalog.EventFilter{Kind: q.Get("kind"), Host: q.Get("host")}
	var err error
	if v := q.Get("since"); v != "" {
		if f.Since, err = strconv.ParseInt(v, 10, 64); err != nil || f.Since < 0 {
			return f, 0, catalog.Errorf(catalog.KindInvalid, "since=%q: want a non-negative event id", v)
		}
	}
	if v := q.Get("limit"); v != "" {
		if f.Limit, err = strconv.Atoi(v); err != nil || f.Limit < 1 || f.Limit > 1000 {
			return f, 0, catalog.Errorf(catalog.KindInvalid, "limit=%q: want 1-1000", v)
		}
	}
	var wait time.Duration
	if v := q.Get("wait"); v != "" {
		if wait, err = time.ParseDuration(v); err != nil || wait < 0 {
			return f, 0, catalog.Errorf(catalog.KindInvalid, "wait=%q: want a duration such as 30s", v)
		}
	}
	return f, min(wait, s.maxWait), nil
}
