package ui

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

// reserveForm is what the reservations page offers a scheduler: the pools
// to choose from, and a request id made when the page is rendered, so a
// form sent twice (a double click, a retry after a lost reply) gets the
// same reservation, as with the API's request ids.
type reserveForm struct {
	Pools     []string
	RequestID string
}

func newReserveForm(pools []catalog.Pool) (reserveForm, error) {
	id, err := randomString()
	f := reserveForm{RequestID: "ui-" + id}
	for _, p := range pools {
		f.Pools = append(f.Pools, p.Name)
	}
	return f, err
}

// reserve creates a reservation through the same call as
// POST /api/v1/reservations, the session's token as the client.
func (u *UI) reserve(w http.ResponseWriter, r *http.Request) {
	req, err := reserveRequest(r)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	res, err := u.cat.Reserve(r.Context(), caller(r.Context()).tok.Name, req)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.done(w, r, fmt.Sprintf("reservation %d is %s", res.ID, res.State), "/reservations/"+strconv.FormatInt(res.ID, 10))
}

// reserveRequest reads the form: pool, count, for (a duration), arch,
// tags ("k=v k2=v2"), image (a candidate digest) and the request id.
func reserveRequest(r *http.Request) (catalog.ReserveRequest, error) {
	req := catalog.ReserveRequest{RequestID: r.PostFormValue("request_id"), Pool: r.PostFormValue("pool"),
		Arch: strings.TrimSpace(r.PostFormValue("arch")), Image: strings.TrimSpace(r.PostFormValue("image"))}
	n, err := strconv.Atoi(r.PostFormValue("count"))
	if err != nil {
		return req, catalog.Errorf(catalog.KindInvalid, "count %q: want a number", r.PostFormValue("count"))
	}
	req.Count = n
	d, err := formDuration(r, "for")
	if err != nil {
		return req, err
	}
	req.Duration = catalog.Duration(d)
	for _, kv := range strings.Fields(r.PostFormValue("tags")) {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return req, catalog.Errorf(catalog.KindInvalid, "tag %q: want key=value", kv)
		}
		if req.Tags == nil {
			req.Tags = map[string]string{}
		}
		req.Tags[k] = v
	}
	if req.RequestID == "" {
		return req, catalog.Errorf(catalog.KindInvalid, "no request id: reload the reservations page")
	}
	return req, nil
}

func formDuration(r *http.Request, field string) (time.Duration, error) {
	d, err := time.ParseDuration(r.PostFormValue(field))
	if err != nil || d <= 0 {
		return 0, catalog.Errorf(catalog.KindInvalid, "%s %q: want a duration such as 2h or 30m", field, r.PostFormValue(field))
	}
	return d, nil
}

// extend lengthens a lease through the same call as
// POST /api/v1/reservations/{id}/extend.
func (u *UI) extend(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		u.fail(w, r, catalog.Errorf(catalog.KindInvalid, "reservation id %q: want a positive number", r.PathValue("id")))
		return
	}
	d, err := formDuration(r, "for")
	if err != nil {
		u.fail(w, r, err)
		return
	}
	tok := caller(r.Context()).tok
	res, err := u.cat.ExtendReservation(r.Context(), id, d, tok.Name, tok.Role.Allows(admin))
	if err != nil {
		u.fail(w, r, err)
		return
	}
	msg := fmt.Sprintf("reservation %d extended", res.ID)
	if res.ExpiresAt != nil {
		msg += ": it now expires " + res.ExpiresAt.Format(time.RFC3339)
	}
	u.done(w, r, msg, "/reservations/"+strconv.FormatInt(id, 10))
}
