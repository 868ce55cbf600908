package catalog

import (
	"context"
	"strings"
	"testing"
)

func TestPlanBootAndStaleTokens(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	mustPool(t, s, "lab")
	s.CreateHost(ctx, NewHost{Name: "n1", MACs: []string{"52:54:00:00:00:01"}, Pool: "lab"}, "t")
	if _, err := s.PlanBoot(ctx, "n1"); !IsKind(err, KindConflict) || !strings.Contains(err.Error(), "no promoted") {
		t.Fatalf("no promoted image: err = %v", err)
	}
	im := mustImage(t, s, "deb12", "a")
	s.PromoteImage(ctx, im.Digest, "lab", true, "t")
	first, err := s.PlanBoot(ctx, "n1")
	if err != nil || first.Image.Digest != im.Digest || first.Ticket.Slot != "A" || first.Ticket.Token == "" {
		t.Fatalf("PlanBoot = %+v, %v", first, err)
	}
	second, _ := s.PlanBoot(ctx, "n1")
	if second.Ticket.Token == first.Ticket.Token {
		t.Fatal("two boots share a token")
	}
	// Invariant 3: a report with the previous boot's token is refused.
	if _, err := s.RecordSuite(ctx, first.Ticket.Token, SuiteReport{Result: "pass"}); !IsKind(err, KindUnauthenticated) {
		t.Errorf("stale boot token: err = %v, want unauthenticated", err)
	}
	if _, err := s.RecordSuite(ctx, second.Ticket.Token, SuiteReport{Result: "pass"}); err != nil {
		t.Errorf("current boot token refused: %v", err)
	}
	s.TransitionHost(ctx, "n1", HostTransition{To: HostMaintenance})
	s.TransitionHost(ctx, "n1", HostTransition{To: HostRetired})
	if _, err := s.PlanBoot(ctx, "n1"); !IsKind(err, KindConflict) {
		t.Errorf("retired host: err = %v, want conflict", err)
	}
}
