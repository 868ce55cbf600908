package catalog

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// readyFleet makes pool "lab" with a promoted image and n verified ready
// hosts h00..h(n-1): slot A holds the image, the current boot is from A
// and its suite passed.
func readyFleet(t testing.TB, s testStore, n int) Image {
	t.Helper()
	ctx := context.Background()
	mustPool(t, s, "lab")
	im := mustImage(t, s, "deb12", "a")
	if _, err := s.PromoteImage(ctx, im.Digest, "lab", true, "t"); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		name := fmt.Sprintf("h%02d", i)
		tags := map[string]string{"gpu": []string{"nvidia", "amd"}[i%2]}
		if _, err := s.CreateHost(ctx, NewHost{Name: name, MACs: []string{macFor(i)}, Pool: "lab", Tags: tags}, "t"); err != nil {
			t.Fatal(err)
		}
		if err := s.SetSlot(ctx, name, "A", im.Digest, "", "t"); err != nil {
			t.Fatal(err)
		}
		for _, st := range []HostState{HostProvisioning, HostVerifying} {
			s.TransitionHost(ctx, name, HostTransition{To: st})
		}
		verify(t, s, name, "A", "pass")
	}
	return im
}

// verify boots the host from slot, reports the suite and, on a pass,
// makes it ready (from verifying).
func verify(t testing.TB, s testStore, host, slot, result string) {
	t.Helper()
	ctx := context.Background()
	tk, err := s.StartBoot(ctx, host, slot)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordSuite(ctx, tk.Token, SuiteReport{Kernel: "6.1.0-lab", Result: result,
		Checks: []CheckResult{{Name: "kernel", Result: result, Class: "base", Expected: "6.1.0-lab", Observed: "6.1.0-lab"}}}); err != nil {
		t.Fatal(err)
	}
	if result == "pass" {
		if _, err := s.TransitionHost(ctx, host, HostTransition{From: HostVerifying, To: HostReady}); err != nil {
			t.Fatal(err)
		}
	}
}

func req(id string, count int) ReserveRequest {
	return ReserveRequest{RequestID: id, Pool: "lab", Count: count, Duration: Duration(time.Hour)}
}

func TestReserveGrantsVerifiedHostsWithProvenance(t *testing.T) {
	s := newTestStore(t)
	im := readyFleet(t, s, 3)
	r, err := s.Reserve(context.Background(), "ci", req("job-1", 2))
	if err != nil || r.State != ResActive || len(r.Hosts) != 2 {
		t.Fatalf("Reserve = %+v, %v", r, err)
	}
	for _, h := range r.Hosts {
		if h.Image != im.Digest || h.Slot != "A" || h.Kernel != "6.1.0-lab" || h.Suite != "pass" || len(h.Checks) != 1 || h.Boot == 0 {
			t.Errorf("provenance of %s = %+v", h.Host, h)
		}
		if got, _ := s.Host(context.Background(), h.Host); got.State != HostReserved {
			t.Errorf("%s is %s, want reserved", h.Host, got.State)
		}
	}
	if holder, _ := s.HostHolder(context.Background(), r.Hosts[0].Host); holder != "ci" {
		t.Errorf("holder = %q, want ci", holder)
	}
}

func TestReserveNeverGrantsAnUnverifiedBase(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	readyFleet(t, s, 4)
	// h00: its latest suite run failed. h01: booted from slot B. h02: ready but booted on a
	// non-promoted image on slot A. Only h03 is a verified base.
	s.TransitionHost(ctx, "h00", HostTransition{To: HostVerifying})
	tk, _ := s.StartBoot(ctx, "h00", "A")
	s.RecordSuite(ctx, tk.Token, SuiteReport{Result: "fail"})
	s.TransitionHost(ctx, "h00", HostTransition{To: HostReady}) // forced ready without a pass
	other := mustImage(t, s, "other", "o")
	s.SetSlot(ctx, "h01", "B", other.Digest, "trial", "t")
	tk, _ = s.StartBoot(ctx, "h01", "B")
	s.RecordSuite(ctx, tk.Token, SuiteReport{Result: "pass"})
	s.SetSlot(ctx, "h02", "A", other.Digest, "", "t")
	tk, _ = s.StartBoot(ctx, "h02", "A")
	s.RecordSuite(ctx, tk.Token, SuiteReport{Result: "pass"})
	r, err := s.Reserve(ctx, "ci", req("one", 1))
	if err != nil || r.State != ResActive || r.Hosts[0].Host != "h03" {
		t.Fatalf("got %+v, %v; want only h03", r, err)
	}
	r2, _ := s.Reserve(ctx, "ci", req("two", 1))
	if r2.State != ResPending {
		t.Fatalf("a second host was granted from an unverified base: %+v", r2)
	}
}

func TestReserveConstraintsAndCandidate(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	readyFleet(t, s, 4)
	rq := req("amd", 2)
	rq.Tags = map[string]string{"gpu": "amd"}
	r, err := s.Reserve(ctx, "ci", rq)
	if err != nil || r.State != ResActive || r.Hosts[0].Host != "h01" || r.Hosts[1].Host != "h03" {
		t.Fatalf("tagged reservation = %+v, %v", r, err)
	}
	cand := mustImage(t, s, "deb12", "candidate")
	rq = req("canary", 1)
	rq.Image = cand.Digest
	r, err = s.Reserve(ctx, "ci", rq)
	if err != nil || r.State != ResPending {
		t.Fatalf("candidate reservation with no host on it = %+v, %v; want pending", r, err)
	}
}

func TestReserveBadInputWritesNothing(t *testing.T) {
	s := newTestStore(t)
	readyFleet(t, s, 2)
	s.Reserve(context.Background(), "ci", req("used", 1))
	long := req("long", 1)
	long.Duration = Duration(48 * time.Hour)
	neg := req("neg", 1)
	neg.Duration = Duration(-time.Minute)
	tag := req("tag", 1)
	tag.Tags = map[string]string{"Bad Key": "x"}
	other := req("other", 1)
	other.Pool = "nope"
	for name, tc := range map[string]struct {
		r    ReserveRequest
		kind Kind
	}{
		"unknown pool": {other, KindNotFound}, "count 0": {req("zero", 0), KindInvalid},
		"count over pool": {req("big", 3), KindInvalid}, "too long": {long, KindInvalid},
		"negative": {neg, KindInvalid}, "bad tag": {tag, KindInvalid}, "no request id": {req("", 1), KindInvalid},
		"reused id, other request": {req("used", 2), KindConflict},
	} {
		before := countRows(t, s, "reservations")
		if _, err := s.Reserve(context.Background(), "ci", tc.r); KindOf(err) != tc.kind {
			t.Errorf("%s: err = %v, want %s", name, err, tc.kind)
		}
		if countRows(t, s, "reservations") != before {
			t.Errorf("%s: a refused request was recorded", name)
		}
	}
}
