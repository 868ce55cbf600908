package ui

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ironbase/ironbase/catalog"
)

var requestIDRE = regexp.MustCompile(`name="request_id" value="(ui-[A-Za-z0-9_-]+)"`)

// A scheduler reserves from the reservations page; sending the same form
// twice gets the same reservation; bad input and viewers change nothing.
func TestReserveForm(t *testing.T) {
	f := newFixture(t, nil)
	f.addHost(t, "n1", 1, nil)
	b := f.login(t, catalog.RoleScheduler)
	_, page := b.get("/reservations")
	m := requestIDRE.FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, "<option>lab</option>") {
		t.Fatalf("no reserve form with a request id and pool lab:\n%s", page)
	}
	form := url.Values{"csrf": {b.csrf(page)}, "request_id": {m[1]}, "pool": {"lab"}, "count": {"1"}, "for": {"1h"}, "tags": {"gpu=nvidia"}}
	for range 2 {
		if status, body := b.post("/reservations", form); status != http.StatusOK || !strings.Contains(body, "reservation 1 is pending") {
			t.Fatalf("reserve: %d\n%s", status, body)
		}
	}
	list, _ := f.store.ListReservations(context.Background(), catalog.ReservationFilter{})
	if len(list) != 1 || list[0].Client != "scheduler" || list[0].Tags["gpu"] != "nvidia" || list[0].RequestID != m[1] {
		t.Fatalf("reservations %+v; want one, by scheduler, gpu=nvidia, request %s", list, m[1])
	}
	for name, bad := range map[string]url.Values{"count": {"count": {"many"}}, "duration": {"for": {"forever"}}, "tag": {"tags": {"gpu"}}, "request id": {"request_id": {""}}} {
		v := url.Values{}
		for k, x := range form {
			v[k] = x
		}
		v.Set("request_id", "ui-other")
		for k, x := range bad {
			v[k] = x
		}
		if status, _ := b.post("/reservations", v); status != http.StatusBadRequest {
			t.Errorf("bad %s: status %d, want 400", name, status)
		}
	}
	if status, body := b.post("/reservations/1/extend", url.Values{"csrf": form["csrf"], "for": {"soon"}}); status != http.StatusBadRequest || !strings.Contains(body, "soon") {
		t.Errorf("extend by soon: %d", status)
	}
	viewer := f.login(t, catalog.RoleViewer)
	_, vpage := viewer.get("/reservations")
	if strings.Contains(vpage, `id="reserve"`) {
		t.Error("a viewer is offered the reserve form")
	}
	form.Set("csrf", viewer.csrf(vpage))
	form.Set("request_id", "ui-viewer")
	if status, _ := viewer.post("/reservations", form); status != http.StatusForbidden {
		t.Errorf("viewer reserve: status %d, want 403", status)
	}
	if list, _ := f.store.ListReservations(context.Background(), catalog.ReservationFilter{}); len(list) != 1 {
		t.Errorf("%d reservations after refused requests, want 1", len(list))
	}
}
