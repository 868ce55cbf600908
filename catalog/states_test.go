package catalog

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

// wantHostEdges is the host graph as docs/states.md states it, written out
// independently of the code so that a change to either shows up here.
var wantHostEdges = map[string][]string{
	"new":          {"enrolled", "retired"},
	"enrolled":     {"provisioning", "maintenance", "retired"},
	"provisioning": {"verifying", "recovering", "quarantined", "maintenance"},
	"verifying":    {"ready", "provisioning", "recovering", "quarantined", "maintenance"},
	"ready":        {"reserved", "trial", "provisioning", "verifying", "recovering", "maintenance", "retired"},
	"reserved":     {"cleaning", "recovering"},
	"cleaning":     {"verifying", "provisioning", "recovering", "quarantined", "maintenance"},
	"trial":        {"provisioning", "ready", "recovering", "quarantined", "maintenance"},
	"recovering":   {"provisioning", "quarantined", "maintenance"},
	"quarantined":  {"provisioning", "maintenance", "retired"},
	"maintenance":  {"provisioning", "retired"},
	"retired":      {},
}

var wantImageEdges = map[string][]string{
	"imported":   {"candidate", "retired"},
	"candidate":  {"verified", "failed", "promoted", "retired"},
	"verified":   {"promoted", "failed", "retired"},
	"promoted":   {"superseded", "revoked"},
	"superseded": {"promoted", "retired"},
	"failed":     {"retired"},
	"revoked":    {"retired"},
	"retired":    {},
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestHostTransitionTable(t *testing.T) {
	for _, from := range HostStates() {
		for _, to := range HostStates() {
			want := contains(wantHostEdges[from.String()], to.String())
			if got := from.CanTransition(to); got != want {
				t.Errorf("%s → %s: CanTransition = %v, want %v", from, to, got, want)
			}
		}
	}
}

func TestImageTransitionTable(t *testing.T) {
	for _, from := range ImageStates() {
		for _, to := range ImageStates() {
			want := contains(wantImageEdges[from.String()], to.String())
			if got := from.CanTransition(to); got != want {
				t.Errorf("%s → %s: CanTransition = %v, want %v", from, to, got, want)
			}
		}
	}
	if !ImageForcedEdge(ImageCandidate, ImagePromoted) || ImageForcedEdge(ImageVerified, ImagePromoted) {
		t.Error("only candidate → promoted is a forced edge")
	}
}

func TestStateNamesRoundTrip(t *testing.T) {
	for _, s := range HostStates() {
		if got, err := ParseHostState(s.String()); err != nil || got != s {
			t.Errorf("ParseHostState(%q) = %v, %v", s, got, err)
		}
	}
	for _, s := range ImageStates() {
		if got, err := ParseImageState(s.String()); err != nil || got != s {
			t.Errorf("ParseImageState(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseHostState("bogus"); !IsKind(err, KindInvalid) {
		t.Errorf("ParseHostState(bogus) err = %v, want invalid", err)
	}
}

// TestTransitionHostEveryEdge walks every (from, to) pair through the store:
// legal edges apply with exactly one event, illegal ones fail with a
// *TransitionError and write nothing.
func TestTransitionHostEveryEdge(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	i := 0
	for _, from := range HostStates() {
		for _, to := range HostStates() {
			i++
			name := fmt.Sprintf("h%d", i)
			mustHost(t, s, name, fmt.Sprintf("52:54:00:00:%02x:%02x", i/256, i%256))
			if _, err := s.w.Exec(`UPDATE hosts SET state = ? WHERE name = ?`, from.String(), name); err != nil {
				t.Fatal(err)
			}
			before := countRows(t, s, "events")
			h, err := s.TransitionHost(ctx, name, HostTransition{To: to, Reason: "test", Actor: "t"})
			checkEdge(t, s, from, to, h, err, before)
		}
	}
}

func checkEdge(t *testing.T, s testStore, from, to HostState, h Host, err error, before int) {
	t.Helper()
	after := countRows(t, s, "events")
	if from.CanTransition(to) {
		if err != nil || h.State != to || after != before+1 {
			t.Errorf("%s → %s: err=%v state=%s events +%d, want applied with one event", from, to, err, h.State, after-before)
		}
		return
	}
	var te *TransitionError
	if !errors.As(err, &te) || !IsKind(err, KindConflict) || after != before {
		t.Errorf("%s → %s: err=%v events +%d, want *TransitionError (conflict) and no event", from, to, err, after-before)
	}
}

func TestTransitionHostExpectedFrom(t *testing.T) {
	s := newTestStore(t)
	mustHost(t, s, "h1", "52:54:00:00:00:01")
	_, err := s.TransitionHost(context.Background(), "h1", HostTransition{From: HostReady, To: HostReserved})
	var te *TransitionError
	if !errors.As(err, &te) || te.Expected != HostReady {
		t.Fatalf("got %v, want a TransitionError naming the expected state", err)
	}
	if _, err := s.TransitionHost(context.Background(), "nope", HostTransition{To: HostReady}); !IsKind(err, KindNotFound) {
		t.Errorf("unknown host: got %v, want not found", err)
	}
}
