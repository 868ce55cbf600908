package ui

import (
	"net/http"

	"github.com/ironbase/ironbase/catalog"
)

// hostRowFrag is one fleet row, re-rendered for the page's script when an
// event names the host; 204 when the host is gone or the page's filter no
// longer shows it.
func (u *UI) hostRowFrag(w http.ResponseWriter, r *http.Request) {
	h, err := u.cat.Host(r.Context(), r.PathValue("name"))
	if catalog.IsKind(err, catalog.KindNotFound) || err == nil && !parseFleetFilter(r).match(h) {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		u.log.Error("ui: host fragment", "err", err)
		return
	}
	holder, err := u.cat.HostHolder(r.Context(), h.Name)
	if err != nil {
		u.log.Warn("ui: host holder", "host", h.Name, "err", err)
	}
	life, err := u.lifeOf(r.Context(), h.Name)
	if err != nil {
		u.log.Warn("ui: host lifecycle", "host", h.Name, "err", err)
	}
	u.renderFrag(w, "hostrow", newHostRow(h, holder, life))
}

// countsFrag is the fleet's counts by state.
func (u *UI) countsFrag(w http.ResponseWriter, r *http.Request) {
	hs, err := u.cat.ListHosts(r.Context(), catalog.HostFilter{})
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		u.log.Error("ui: counts fragment", "err", err)
		return
	}
	lives, err := u.lifeViews(r.Context())
	if err != nil {
		u.log.Warn("ui: lifecycle view", "err", err)
	}
	u.renderFrag(w, "counts", fleetView{Counts: countStates(hs), Total: len(hs), Summary: summarize(hs, lives)})
}
