package web

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

// readyHosts makes pool lab with a promoted image and n verified hosts.
func readyHosts(t *testing.T, f fixture, n int) {
	t.Helper()
	ctx := context.Background()
	st := f.store
	st.CreatePool(ctx, catalog.Pool{Name: "lab"}, "t")
	d := fmt.Sprintf("sha256:%064x", 1)
	im, err := st.CreateImage(ctx, catalog.NewImage{Digest: d, Name: "deb12", Arch: "x86_64", Manifest: []byte(`{}`)}, "t")
	if err != nil {
		t.Fatal(err)
	}
	st.PromoteImage(ctx, im.Digest, "lab", true, "t")
	for i := range n {
		name := fmt.Sprintf("h%d", i)
		st.CreateHost(ctx, catalog.NewHost{Name: name, MACs: []string{fmt.Sprintf("52:54:00:00:01:%02x", i)}, Pool: "lab"}, "t")
		st.SetSlot(ctx, name, "A", im.Digest, "", "t")
		st.TransitionHost(ctx, name, catalog.HostTransition{To: catalog.HostProvisioning})
		st.TransitionHost(ctx, name, catalog.HostTransition{To: catalog.HostVerifying})
		tk, _ := st.StartBoot(ctx, name, "A")
		st.RecordSuite(ctx, tk.Token, catalog.SuiteReport{Result: "pass", Kernel: "6.1"})
		if _, err := st.TransitionHost(ctx, name, catalog.HostTransition{To: catalog.HostReady}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestReserveOverAPI(t *testing.T) {
	f := newFixture(t)
	fp := withPower(t, &f)
	readyHosts(t, f, 1)
	sched := f.tokens[catalog.RoleScheduler]
	body := `{"request_id":"job-1","pool":"lab","count":1,"duration":"1h"}`
	code, out := f.call(t, "POST", "/api/v1/reservations", sched, body)
	var r catalog.Reservation
	json.Unmarshal([]byte(out), &r)
	if code != 200 || r.State != "active" || r.Hosts[0].Host != "h0" || r.Hosts[0].Kernel != "6.1" {
		t.Fatalf("reserve = %d %s", code, out)
	}
	if code, again := f.call(t, "POST", "/api/v1/reservations", sched, body); code != 200 || !strings.Contains(again, fmt.Sprintf(`"id": %d`, r.ID)) {
		t.Fatalf("retry = %d %s", code, again)
	}
	code, out = f.call(t, "POST", "/api/v1/reservations?wait=100ms", sched, `{"request_id":"job-2","pool":"lab","count":1,"duration":"1h"}`)
	if code != 202 || !strings.Contains(out, `"state": "pending"`) {
		t.Fatalf("queued reserve = %d %s, want 202 pending", code, out)
	}
	// The holder may power its host; another scheduler may not.
	if code, out := f.call(t, "POST", "/api/v1/hosts/h0/power", sched, `{"action":"cycle"}`); code != 200 || len(fp.calls) != 1 {
		t.Errorf("the holder's power cycle = %d %s, calls %v", code, out, fp.calls)
	}
	other, _, _ := f.store.CreateToken(context.Background(), "other-ci", catalog.RoleScheduler, "t")
	if code, _ := f.call(t, "POST", "/api/v1/hosts/h0/power", other, `{"action":"cycle"}`); code != 403 || len(fp.calls) != 1 {
		t.Errorf("another scheduler's power cycle of a reserved host = %d, want 403 and no BMC call", code)
	}
	list := fmt.Sprintf("/api/v1/reservations?client=%s&state=pending,active", "scheduler")
	if _, out := f.call(t, "GET", list, f.tokens[catalog.RoleViewer], ""); strings.Count(out, `"request_id"`) != 2 {
		t.Errorf("resync list = %s", out)
	}
	for _, bad := range []string{`{"request_id":"b","pool":"nope","count":1,"duration":"1h"}`,
		`{"request_id":"b","pool":"lab","count":0,"duration":"1h"}`, `{"request_id":"b","pool":"lab","count":1,"duration":"-1h"}`,
		`{"request_id":"b","pool":"lab","count":1,"duration":"soon"}`, `{"request_id":"b","pool":"lab","count":1,"duration":"1h","tags":{"A B":"x"}}`} {
		if code, out := f.call(t, "POST", "/api/v1/reservations", sched, bad); code < 400 || code >= 500 {
			t.Errorf("POST %s = %d %s, want a 4xx", bad, code, out)
		}
	}
	if code, _ := f.call(t, "POST", "/api/v1/reservations", f.tokens[catalog.RoleViewer], body); code != 403 {
		t.Errorf("viewer reserve = %d, want 403", code)
	}
	if code, out := f.call(t, "POST", fmt.Sprintf("/api/v1/reservations/%d/release", r.ID), sched, ""); code != 200 || !strings.Contains(out, "released") {
		t.Errorf("release = %d %s", code, out)
	}
}

func TestEventStreamResumes(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for i := range 3 {
		f.store.AppendEvent(ctx, catalog.Event{Kind: "test", Subject: fmt.Sprint(i)})
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", f.srv.URL+"/api/v1/events/stream?kind=test", nil)
	req.Header.Set("Authorization", "Bearer "+f.tokens[catalog.RoleViewer])
	req.Header.Set("Last-Event-ID", "4") // token events are 1-3; test events 4-6
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	go f.store.AppendEvent(context.Background(), catalog.Event{Kind: "test", Subject: "live"})
	sc := bufio.NewScanner(resp.Body)
	var ids []string
	for len(ids) < 3 && sc.Scan() {
		if id, ok := strings.CutPrefix(sc.Text(), "id: "); ok {
			ids = append(ids, id)
		}
	}
	if strings.Join(ids, ",") != "5,6,7" {
		t.Fatalf("stream ids = %v, want 5,6,7 (after Last-Event-ID 4, then the live one)", ids)
	}
}

// TestReserveWaitIsWokenByTheGrant: a queued request with ?wait= returns
// as soon as a host comes back verified, not when the wait runs out.
func TestReserveWaitIsWokenByTheGrant(t *testing.T) {
	f := newFixture(t)
	readyHosts(t, f, 1)
	ctx := context.Background()
	sched := f.tokens[catalog.RoleScheduler]
	first, _ := f.store.Reserve(ctx, "scheduler", catalog.ReserveRequest{RequestID: "a", Pool: "lab", Count: 1,
		Duration: catalog.Duration(time.Hour)})
	done := make(chan string)
	go func() {
		code, out := f.call(t, "POST", "/api/v1/reservations?wait=60s", sched, `{"request_id":"b","pool":"lab","count":1,"duration":"1h"}`)
		done <- fmt.Sprint(code, out)
	}()
	for { // until b is queued
		if rs, _ := f.store.ListReservations(ctx, catalog.ReservationFilter{States: []string{"pending"}}); len(rs) == 1 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	f.store.ReleaseReservation(ctx, first.ID, "scheduler", false)
	f.store.TransitionHost(ctx, "h0", catalog.HostTransition{To: catalog.HostVerifying})
	tk, _ := f.store.StartBoot(ctx, "h0", "A")
	f.store.RecordSuite(ctx, tk.Token, catalog.SuiteReport{Result: "pass"})
	f.store.TransitionHost(ctx, "h0", catalog.HostTransition{To: catalog.HostReady})
	select {
	case out := <-done:
		if !strings.HasPrefix(out, "200") || !strings.Contains(out, `"state": "active"`) {
			t.Fatalf("waiting reserve answered %s", out)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the waiting request was not woken by the grant")
	}
}
