package catalog

import (
	"context"
	"testing"
	"time"
)

func TestUpdatePool(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	mustPool(t, s, "lab")
	two, recheck, suite := 2, Duration(time.Hour), `{"checks":[{"kernel_release":{"equals":"6.1"}}]}`
	p, err := s.UpdatePool(ctx, "lab", PoolChange{MaxUnavailable: &two, Recheck: &recheck, Suite: &suite}, "admin")
	if err != nil || p.MaxUnavailable != 2 || p.Recheck != recheck || string(p.Suite) != suite || p.CanariesPerClass != 1 {
		t.Fatalf("UpdatePool = %+v, %v", p, err)
	}
	got, _ := s.Pool(ctx, "lab")
	if got.MaxUnavailable != 2 || got.Recheck != recheck || string(got.Suite) != suite {
		t.Errorf("stored pool %+v", got)
	}
	v, _ := s.LifecycleView(ctx)
	if v.Pools["lab"].Recheck != time.Hour || v.Pools["lab"].MaxUnavailable != 2 {
		t.Errorf("the controller sees %+v", v.Pools["lab"])
	}
	if evs, _ := s.ListEvents(ctx, EventFilter{Kind: "pool.updated"}); len(evs) != 1 || evs[0].Actor != "admin" {
		t.Errorf("events %+v; want one pool.updated by admin", evs)
	}
	empty := ""
	if p, err = s.UpdatePool(ctx, "lab", PoolChange{Suite: &empty}, "admin"); err != nil || p.Suite != nil && len(p.Suite) != 0 {
		t.Errorf("clearing the suite: %+v, %v", p, err)
	}
}

// Bad values are refused and change nothing.
func TestUpdatePoolRefusesBadValues(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	mustPool(t, s, "lab")
	zero, short := 0, Duration(time.Second)
	for name, c := range map[string]PoolChange{
		"zero canaries":  {CanariesPerClass: &zero},
		"recheck of 1s":  {Recheck: &short},
		"heartbeat < 1s": {Heartbeat: ptr(Duration(time.Millisecond))},
	} {
		if _, err := s.UpdatePool(ctx, "lab", c, "admin"); !IsKind(err, KindInvalid) {
			t.Errorf("%s: err = %v, want invalid", name, err)
		}
	}
	if _, err := s.UpdatePool(ctx, "nope", PoolChange{}, "admin"); !IsKind(err, KindNotFound) {
		t.Errorf("unknown pool: err = %v, want not found", err)
	}
	if p, _ := s.Pool(ctx, "lab"); p.CanariesPerClass != 1 || p.Recheck != 0 || p.Heartbeat != Duration(30*time.Second) {
		t.Errorf("pool changed by refused updates: %+v", p)
	}
}

func ptr[T any](v T) *T { return &v }
