package ui

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/ironbase/ironbase/catalog"
)

// eventsShown is how many events the events page starts with.
const eventsShown = 200

type eventsView struct {
	base
	Kind, Host string
	Events     []timelineEntry
	Last       int64
}

func (u *UI) eventsPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := catalog.EventFilter{Kind: q.Get("kind"), Host: q.Get("host")}
	last := u.cat.LastEventID()
	evs, err := u.lastEvents(r.Context(), f, eventsShown)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	v := eventsView{base: u.base(r, "Events", "events"), Kind: f.Kind, Host: f.Host, Last: last}
	v.Live = "/ui/stream?" + url.Values{"kind": {f.Kind}, "host": {f.Host}}.Encode()
	for _, e := range slices.Backward(evs) {
		v.Events = append(v.Events, newTimelineEntry(e))
	}
	u.render(w, r, http.StatusOK, "events", v)
}
