package catalog

import (
	"context"
	"testing"
)

// trialPassed stages a candidate on h00, trial-boots slot B and reports a
// passing suite on that boot: the host is in `trial`, ready to end it.
func trialPassed(t *testing.T, s testStore) Image {
	t.Helper()
	ctx := context.Background()
	readyFleet(t, s, 2)
	x := mustImage(t, s, "deb12-next", "x")
	if _, err := s.StageImage(ctx, x.Digest, StageRequest{Pool: "lab", Hosts: []string{"h00"}}, "t"); err != nil {
		t.Fatal(err)
	}
	if err := s.BeginTrial(ctx, "h00", "t"); err != nil {
		t.Fatal(err)
	}
	plan, err := s.PlanBoot(ctx, "h00")
	if err != nil || plan.Ticket.Slot != "B" {
		t.Fatalf("PlanBoot = %+v, %v; want slot B", plan.Ticket, err)
	}
	if _, err := s.RecordSuite(ctx, plan.Ticket.Token, SuiteReport{Kernel: "6.12-next", Result: "pass"}); err != nil {
		t.Fatal(err)
	}
	return x
}

// A passed trial goes back to slot A when nobody asked for the candidate.
func TestEndTrialReturnsToSlotA(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	trialPassed(t, s)
	if err := s.EndTrial(ctx, "h00", TrialOutcome{Passed: true, Evidence: "suite passed"}, "t"); err != nil {
		t.Fatal(err)
	}
	if h, _ := s.Host(ctx, "h00"); h.State != HostProvisioning {
		t.Errorf("h00 is %s after its trial, want provisioning (back to slot A)", h.State)
	}
}

// A canary job: a reservation that asks for candidate X waits until a
// trial of X passes, and gets that host on that very boot; a plain
// reservation never does.
func TestEndTrialGrantsAPendingCanaryReservation(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	x := trialPassed(t, s)
	plain, err := s.Reserve(ctx, "ci", req("plain", 2)) // h01 only is ready: queued
	if err != nil || plain.State != ResPending {
		t.Fatalf("plain reserve = %+v, %v; want pending", plain, err)
	}
	canary := req("canary", 1)
	canary.Image = x.Digest
	r, err := s.Reserve(ctx, "ci", canary)
	if err != nil || r.State != ResPending {
		t.Fatalf("canary reserve = %+v, %v; want pending (no host booted on the candidate yet)", r, err)
	}
	if err := s.EndTrial(ctx, "h00", TrialOutcome{Passed: true, Evidence: "suite passed"}, "t"); err != nil {
		t.Fatal(err)
	}
	r, err = s.Reservation(ctx, r.ID)
	if err != nil || r.State != ResActive || len(r.Hosts) != 1 {
		t.Fatalf("canary reservation after the trial = %+v, %v; want active on h00", r, err)
	}
	if got := r.Hosts[0]; got.Host != "h00" || got.Image != x.Digest || got.Slot != "B" || got.Suite != "pass" {
		t.Errorf("canary provenance %+v; want h00 on slot B, the candidate, suite pass", got)
	}
	if p, _ := s.Reservation(ctx, plain.ID); p.State != ResPending {
		t.Errorf("plain reservation is %s: it must never get a host on a candidate", p.State)
	}
}
