package provision

import (
	"strings"
	"testing"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

func TestDecide(t *testing.T) {
	now := simEpoch.Add(time.Hour)
	ago := func(d time.Duration) time.Time { return now.Add(-d) }
	base := catalog.HostView{Name: "h", Pool: "p", HasBMC: true, SlotA: "sha256:a", Promoted: "sha256:a",
		StateSince: ago(time.Minute), PhaseSince: ago(time.Minute)}
	with := func(f func(*catalog.HostView)) catalog.HostView { h := base; f(&h); return h }
	for _, tc := range []struct {
		name     string
		h        catalog.HostView
		busy     int // hosts of the pool already out of service
		kind     actKind
		to       catalog.HostState
		contains string
	}{
		{"enrolled without promoted image waits with an alert", with(func(h *catalog.HostView) {
			h.State, h.SlotA, h.Promoted = catalog.HostEnrolled, "", ""
		}), 0, actAlert, 0, "no promoted"},
		{"enrolled is provisioned", with(func(h *catalog.HostView) { h.State = catalog.HostEnrolled }), 0, actTransition, catalog.HostProvisioning, ""},
		{"dhcp watchdog climbs the ladder", with(func(h *catalog.HostView) {
			h.State, h.Phase, h.PhaseSince = catalog.HostProvisioning, catalog.PhaseDHCP, ago(2*time.Minute)
		}), 0, actTransition, catalog.HostRecovering, "no DHCP request"},
		{"dhcp seen moves to hello", with(func(h *catalog.HostView) {
			h.State, h.Phase, h.DHCPAt = catalog.HostProvisioning, catalog.PhaseDHCP, ago(time.Second)
		}), 0, actPhase, 0, "DHCP seen"},
		{"ladder used up quarantines", with(func(h *catalog.HostView) {
			h.State, h.Phase, h.PhaseSince, h.Attempts = catalog.HostProvisioning, catalog.PhaseHello, ago(time.Hour), 3
		}), 0, actTransition, catalog.HostQuarantined, "ladder exhausted"},
		{"base failure on known-good quarantines at once", with(func(h *catalog.HostView) {
			h.State, h.Phase = catalog.HostVerifying, catalog.PhaseSuite
			h.Boot = catalog.BootView{ID: 1, RunID: 1, RunResult: "fail", Failing: []catalog.CheckResult{
				{Name: "module nvidia", Result: "fail", Class: "base", Expected: "loaded", Observed: "nouveau"}}}
		}), 0, actTransition, catalog.HostQuarantined, "module nvidia [base fail]: expected loaded, observed nouveau"},
		{"infra failure retries on the known-good image", with(func(h *catalog.HostView) {
			h.State, h.Phase = catalog.HostVerifying, catalog.PhaseSuite
			h.Boot = catalog.BootView{ID: 1, RunID: 1, RunResult: "error", Failing: []catalog.CheckResult{{Name: "reach", Result: "error", Class: "infra"}}}
		}), 0, actTransition, catalog.HostProvisioning, "retrying"},
		{"trial host back on slot A fails the trial", with(func(h *catalog.HostView) {
			h.State, h.Phase = catalog.HostTrial, catalog.PhaseHello
			h.Boot = catalog.BootView{ID: 2, Slot: "A", Created: ago(time.Second), Hello: ago(time.Second)}
		}), 0, actEndTrial, 0, ""},
		{"trial watchdog fails the trial", with(func(h *catalog.HostView) {
			h.State, h.Phase, h.PhaseSince = catalog.HostTrial, catalog.PhaseHello, ago(time.Hour)
		}), 0, actEndTrial, 0, ""},
		{"reserved host with lost heartbeat is only flagged", with(func(h *catalog.HostView) {
			h.State, h.StateSince = catalog.HostReserved, ago(time.Hour)
		}), 0, actAlert, 0, "holder owns its power"},
		{"ready host with lost heartbeat is recovered", with(func(h *catalog.HostView) {
			h.State, h.StateSince = catalog.HostReady, ago(time.Hour)
		}), 0, actTransition, catalog.HostRecovering, "heartbeat lost"},
		{"move to a new promoted image waits for the budget", with(func(h *catalog.HostView) {
			h.State, h.Promoted, h.Boot = catalog.HostReady, "sha256:b", catalog.BootView{Slot: "A", Image: "sha256:a", Seen: now}
		}), 1, actNone, 0, ""},
		{"move to a new promoted image", with(func(h *catalog.HostView) {
			h.State, h.Promoted, h.Boot = catalog.HostReady, "sha256:b", catalog.BootView{Slot: "A", Image: "sha256:a", Seen: now}
		}), 0, actMove, catalog.HostProvisioning, "promoted"},
		{"a passed candidate a reservation waits for is held", with(func(h *catalog.HostView) {
			h.State, h.SlotB, h.SlotBSt, h.Wanted = catalog.HostReady, "sha256:x", "passed", true
			h.Boot = catalog.BootView{Slot: "B", Image: "sha256:x", RunResult: "pass", Seen: now}
		}), 0, actNone, 0, ""},
		{"a passed candidate nobody waits for goes back to slot A", with(func(h *catalog.HostView) {
			h.State, h.SlotB, h.SlotBSt = catalog.HostReady, "sha256:x", "passed"
			h.Boot = catalog.BootView{Slot: "B", Image: "sha256:x", RunResult: "pass", Seen: now}
		}), 0, actTransition, catalog.HostProvisioning, "not slot A"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := ControllerConfig{}
			cfg.setDefaults()
			d := newDecider(cfg, catalog.LifeView{Now: now, Pools: map[string]catalog.PoolView{"p": {MaxUnavailable: 1, Heartbeat: 30 * time.Second}}})
			d.unavailable["p"] = tc.busy
			a := d.decide(tc.h)
			if a.kind != tc.kind || (tc.to != 0 && a.to.To != tc.to) {
				t.Fatalf("got %+v, want kind %d to %s", a, tc.kind, tc.to)
			}
			text := a.to.Reason + a.alert + a.reason + a.trial.Evidence
			if !strings.Contains(text, tc.contains) {
				t.Errorf("reason %q does not contain %q", text, tc.contains)
			}
		})
	}
}
