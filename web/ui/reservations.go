package ui

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/ironbase/ironbase/catalog"
)

// endedShown is how many ended reservations the list keeps, newest first.
const endedShown = 50

type reservationsView struct {
	base
	Active, Queued, Ended []resView
	Find                  string
	Form                  reserveForm
}

// resView is a reservation with what the caller may do to it.
type resView struct {
	catalog.Reservation
	CanRelease bool
}

func (u *UI) reservationsPage(w http.ResponseWriter, r *http.Request) {
	if id := r.URL.Query().Get("id"); id != "" {
		http.Redirect(w, r, "/reservations/"+url.PathEscape(id), http.StatusSeeOther)
		return
	}
	list, err := u.cat.ListReservations(r.Context(), catalog.ReservationFilter{})
	if err != nil {
		u.fail(w, r, err)
		return
	}
	v := reservationsView{base: u.base(r, "Reservations", "reservations")}
	v.Live = "/ui/stream?prefix=reservation."
	c := caller(r.Context())
	if v.Sched {
		pools, err := u.cat.ListPools(r.Context())
		if err == nil {
			v.Form, err = newReserveForm(pools)
		}
		if err != nil {
			u.fail(w, r, err)
			return
		}
	}
	for _, res := range slices.Backward(list) {
		rv := resView{Reservation: res, CanRelease: mayRelease(c.tok, res)}
		switch res.State {
		case catalog.ResActive:
			v.Active = append(v.Active, rv)
		case catalog.ResPending:
			v.Queued = append(v.Queued, rv)
		default:
			if len(v.Ended) < endedShown {
				v.Ended = append(v.Ended, rv)
			}
		}
	}
	slices.Reverse(v.Queued) // queue order: oldest first
	u.render(w, r, http.StatusOK, "reservations", v)
}

// mayRelease mirrors the catalog's rule so the button shows only when the
// call would be allowed: the reservation's client, or an admin.
func mayRelease(tok catalog.Token, res catalog.Reservation) bool {
	live := res.State == catalog.ResActive || res.State == catalog.ResPending
	return live && tok.Role.Allows(scheduler) && (tok.Name == res.Client || tok.Role.Allows(admin))
}

type reservationView struct {
	base
	Res    resView
	Suites []suiteView
}

func (u *UI) reservationPage(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		u.fail(w, r, catalog.Errorf(catalog.KindInvalid, "reservation id %q: want a positive number", r.PathValue("id")))
		return
	}
	res, err := u.cat.Reservation(r.Context(), id)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	v := reservationView{base: u.base(r, "Reservation "+strconv.FormatInt(id, 10), "reservations"),
		Res: resView{Reservation: res, CanRelease: mayRelease(caller(r.Context()).tok, res)}}
	for _, h := range res.Hosts {
		v.Suites = append(v.Suites, splitChecks(h))
	}
	u.render(w, r, http.StatusOK, "reservation", v)
}

// release ends a reservation through the same call as
// POST /api/v1/reservations/{id}/release.
func (u *UI) release(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		u.fail(w, r, catalog.Errorf(catalog.KindInvalid, "reservation id %q: want a positive number", r.PathValue("id")))
		return
	}
	back := "/reservations/" + strconv.FormatInt(id, 10)
	if !u.confirmed(w, r, "Release reservation "+strconv.FormatInt(id, 10)+"? Its hosts go to cleaning.", back) {
		return
	}
	tok := caller(r.Context()).tok
	res, err := u.cat.ReleaseReservation(r.Context(), id, tok.Name, tok.Role.Allows(admin))
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.done(w, r, "reservation "+strconv.FormatInt(res.ID, 10)+" is "+res.State, back)
}
