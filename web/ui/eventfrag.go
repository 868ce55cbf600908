package ui

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/ironbase/ironbase/catalog"
)

// eventRowsFrag renders the events after ?since= (newest first) for the
// events page's script, with the page's kind and host filter.
func (u *UI) eventRowsFrag(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	since, err := strconv.ParseInt(q.Get("since"), 10, 64)
	if err != nil || since < 0 {
		http.Error(w, "since: want an event id", http.StatusBadRequest)
		return
	}
	evs, err := u.cat.ListEvents(r.Context(), catalog.EventFilter{Since: since, Limit: 200, Kind: q.Get("kind"), Host: q.Get("host")})
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		u.log.Error("ui: event fragment", "err", err)
		return
	}
	rows := make([]timelineEntry, 0, len(evs))
	for _, e := range slices.Backward(evs) {
		rows = append(rows, newTimelineEntry(e))
	}
	u.renderFrag(w, "eventrows", rows)
}
