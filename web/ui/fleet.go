package ui

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

// fleetFilter is the fleet page's query: ?state=&pool=&tag=k[=v]&q=
type fleetFilter struct {
	State, Pool, Tag, Q string
}

func parseFleetFilter(r *http.Request) fleetFilter {
	q := r.URL.Query()
	return fleetFilter{State: q.Get("state"), Pool: q.Get("pool"), Tag: strings.TrimSpace(q.Get("tag")),
		Q: strings.TrimSpace(q.Get("q"))}
}

func (f fleetFilter) match(h catalog.Host) bool {
	if f.State != "" && h.State.String() != f.State || f.Pool != "" && h.Pool != f.Pool {
		return false
	}
	if f.Q != "" && !strings.Contains(h.Name, strings.ToLower(f.Q)) {
		return false
	}
	if f.Tag == "" {
		return true
	}
	k, v, hasV := strings.Cut(f.Tag, "=")
	got, ok := h.Tags[k]
	return ok && (!hasV || got == v)
}

// hostRow is one host on the fleet page; Alert and PhaseSince come from
// the lifecycle view (empty for hosts it does not manage).
type hostRow struct {
	Name, State, Phase, Reason, Pool, Alert string
	Tags                                    []string
	SlotA, SlotB                            catalog.Slot
	Holder                                  string
	Since, PhaseSince                       time.Time
	Trouble                                 bool
}

func newHostRow(h catalog.Host, holder string, life catalog.HostView) hostRow {
	row := hostRow{Name: h.Name, State: h.State.String(), Phase: h.Phase, Reason: h.Reason, Pool: h.Pool,
		Tags: sortedTags(h.Tags), Holder: holder, Since: h.StateSince, Alert: life.Alert, PhaseSince: life.PhaseSince,
		Trouble: trouble(h.State) || life.Alert != ""}
	for _, s := range h.Slots {
		if s.Slot == "A" {
			row.SlotA = s
		} else if s.Slot == "B" {
			row.SlotB = s
		}
	}
	return row
}

// trouble is the states a lab admin has to look at.
func trouble(s catalog.HostState) bool {
	return s == catalog.HostRecovering || s == catalog.HostQuarantined
}

type stateCount struct {
	State   string
	Count   int
	Trouble bool
}

type fleetView struct {
	base
	Filter  fleetFilter
	Counts  []stateCount
	Total   int
	Shown   int
	Rows    []hostRow
	Pools   []string
	States  []string
	Query   string // the filter as a query string, for the live fragments
	Summary fleetSummary
}

type fleetSummary struct{ Ready, Reserved, Trouble, Busy int }

func (u *UI) fleet(w http.ResponseWriter, r *http.Request) {
	hs, err := u.cat.ListHosts(r.Context(), catalog.HostFilter{})
	if err != nil {
		u.fail(w, r, err)
		return
	}
	holders, err := u.holders(r.Context())
	if err != nil {
		u.fail(w, r, err)
		return
	}
	lives, err := u.lifeViews(r.Context())
	if err != nil {
		u.fail(w, r, err)
		return
	}
	f := parseFleetFilter(r)
	v := fleetView{base: u.base(r, "Fleet", "fleet"), Filter: f, Total: len(hs), Counts: countStates(hs),
		Pools: poolNames(hs), States: stateNames(), Query: r.URL.RawQuery, Summary: summarize(hs, lives)}
	v.Live = "/ui/stream"
	for _, h := range hs {
		if f.match(h) {
			v.Rows = append(v.Rows, newHostRow(h, holders[h.Name], lives[h.Name]))
		}
	}
	v.Shown = len(v.Rows)
	u.render(w, r, http.StatusOK, "fleet", v)
}

// holders maps each reserved host to the client holding it.
func (u *UI) holders(ctx context.Context) (map[string]string, error) {
	rs, err := u.cat.ListReservations(ctx, catalog.ReservationFilter{States: []string{catalog.ResActive}})
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, res := range rs {
		for _, h := range res.Hosts {
			out[h.Host] = res.Client
		}
	}
	return out, nil
}

func countStates(hs []catalog.Host) []stateCount {
	n := map[catalog.HostState]int{}
	for _, h := range hs {
		n[h.State]++
	}
	var out []stateCount
	for _, s := range catalog.HostStates() {
		if n[s] > 0 {
			out = append(out, stateCount{State: s.String(), Count: n[s], Trouble: trouble(s)})
		}
	}
	return out
}

// summarize counts hosts for the fleet's headline; a host with an alert
// from the controller is in trouble whatever its state.
func summarize(hs []catalog.Host, lives map[string]catalog.HostView) fleetSummary {
	var s fleetSummary
	for _, h := range hs {
		switch {
		case trouble(h.State) || lives[h.Name].Alert != "":
			s.Trouble++
		case h.State == catalog.HostReady:
			s.Ready++
		case h.State == catalog.HostReserved:
			s.Reserved++
		default:
			s.Busy++
		}
	}
	return s
}

func poolNames(hs []catalog.Host) []string {
	var out []string
	for _, h := range hs {
		if h.Pool != "" && !slices.Contains(out, h.Pool) {
			out = append(out, h.Pool)
		}
	}
	slices.Sort(out)
	return out
}

func stateNames() []string {
	var out []string
	for _, s := range catalog.HostStates() {
		out = append(out, s.String())
	}
	return out
}
