package provision

import (
	"fmt"
	"strings"
	"time"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/power"
)

// Alert prefixes: each source of alerts clears only its own.
const (
	alertEnrol     = "enrol: "
	alertHeartbeat = "heartbeat: "
	alertBMC       = "bmc: "
)

// ready keeps an idle host honest and moves it along: heartbeat watchdog,
// the move to a newly promoted image, a staged trial, the health recheck.
func (d *decider) ready(h catalog.HostView) action {
	if lost, since := d.heartbeatLost(h); lost {
		return d.fire(h, fmt.Sprintf("watchdog: heartbeat lost (none for %s)", since.Round(time.Second)))
	}
	if h.Promoted != "" && h.SlotA != h.Promoted && d.take(h) {
		return action{kind: actMove, host: h.Name, from: h.State, image: h.Promoted, budget: true,
			to: catalog.HostTransition{To: catalog.HostProvisioning, From: h.State, Phase: catalog.PhasePower,
				Reason: "moving to the pool's promoted image " + short(h.Promoted)}}
	}
	if (h.Boot.Slot != "A" || h.Boot.Image != h.SlotA) && !heldForCanary(h) && d.take(h) {
		return transition(h, catalog.HostProvisioning, catalog.PhasePower, "the running boot is not slot A's image: rebooting onto it", 0)
	}
	if h.SlotBSt == "staged" && d.take(h) {
		return action{kind: actBeginTrial, host: h.Name, from: h.State, budget: true}
	}
	if d.recheckDue(h) && d.take(h) {
		a := transition(h, catalog.HostVerifying, catalog.PhaseSuite, "periodic health check", 0)
		a.to.Command = catalog.CommandRetest
		return a
	}
	return action{}
}

// heldForCanary: the host runs a candidate that passed its trial on this
// very boot, and a pending reservation asks for that candidate: it stays
// on it until the reservation is granted or gone.
func heldForCanary(h catalog.HostView) bool {
	return h.Wanted && h.Boot.Slot == "B" && h.Boot.Image == h.SlotB && h.SlotBSt == "passed" && h.Boot.RunResult == "pass"
}

// reserved hosts belong to their holder (invariant 2): a lost heartbeat is
// flagged, never acted on; release sends the host through cleaning anyway.
func (d *decider) reserved(h catalog.HostView) action {
	if lost, since := d.heartbeatLost(h); lost {
		return alert(h, fmt.Sprintf("%sno heartbeat for %s while reserved; not recovered: the holder owns its power",
			alertHeartbeat, since.Round(time.Second)))
	}
	return action{}
}

func (d *decider) heartbeatLost(h catalog.HostView) (bool, time.Duration) {
	last := latest(h.Boot.Seen, h.Boot.Hello, h.StateSince)
	limit := d.pools[h.Pool].Heartbeat
	if limit <= 0 {
		limit = 30 * time.Second
	}
	since := d.now.Sub(last)
	return since > limit, since
}

func (d *decider) recheckDue(h catalog.HostView) bool {
	every := d.pools[h.Pool].Recheck
	return every > 0 && d.now.Sub(latest(h.Boot.RunEnded, h.StateSince)) > every
}

// take counts one more host of h's pool out of service, if the pool's
// max_unavailable allows it.
func (d *decider) take(h catalog.HostView) bool {
	limit := d.pools[h.Pool].MaxUnavailable
	if limit < 1 {
		limit = 1
	}
	if d.unavailable[h.Pool] >= limit {
		return false
	}
	d.unavailable[h.Pool]++
	return true
}

// powerStep boots the host afresh from the network (set PXE, power on or
// cycle); a cleaning host first gets the pool's promoted image on slot A,
// so hosts move to a new known-good between reservations.
func (d *decider) powerStep(h catalog.HostView) action {
	a := action{kind: actPower, host: h.Name, from: h.State, step: power.StepPowerCycle,
		then: ptr(phase(h, catalog.PhaseDHCP, "power cycled: waiting for DHCP"))}
	if h.State == catalog.HostCleaning && h.Promoted != "" && h.SlotA != h.Promoted {
		a.slotA = h.Promoted
	}
	return a
}

// recovering runs the ladder rung named by the phase, then waits for the
// host as a provisioning host would.
func (d *decider) recovering(h catalog.HostView) action {
	step := power.StepPowerCycle
	for _, s := range d.cfg.Ladder {
		if s.String() == h.Phase {
			step = s
		}
	}
	next := transition(h, catalog.HostProvisioning, catalog.PhaseDHCP,
		fmt.Sprintf("recovery step %s done: waiting for DHCP", step), h.Attempts)
	return action{kind: actPower, host: h.Name, from: h.State, step: step, then: &next}
}

// tidyAlert clears an alert whose cause is gone.
func (d *decider) tidyAlert(h catalog.HostView) action {
	switch {
	case strings.HasPrefix(h.Alert, alertEnrol) && h.State != catalog.HostEnrolled,
		strings.HasPrefix(h.Alert, alertHeartbeat) && h.State != catalog.HostReserved:
		return alert(h, "")
	}
	return action{}
}

func latest(ts ...time.Time) time.Time {
	var out time.Time
	for _, t := range ts {
		if t.After(out) {
			out = t
		}
	}
	return out
}

func short(digest string) string {
	if len(digest) > 19 {
		return digest[:19]
	}
	return digest
}

func ptr[T any](v T) *T { return &v }

func transition(h catalog.HostView, to catalog.HostState, ph, reason string, attempts int) action {
	return action{kind: actTransition, host: h.Name, from: h.State,
		to: catalog.HostTransition{To: to, From: h.State, Phase: ph, Reason: reason, Attempts: attempts}}
}

func phase(h catalog.HostView, ph, reason string) action {
	return action{kind: actPhase, host: h.Name, from: h.State, phase: ph, reason: reason}
}

func alert(h catalog.HostView, msg string) action {
	if h.State == catalog.HostEnrolled && msg != "" {
		msg = alertEnrol + msg
	}
	if h.Alert == msg {
		return action{}
	}
	return action{kind: actAlert, host: h.Name, from: h.State, alert: msg}
}

func endTrial(h catalog.HostView, passed bool, evidence string) action {
	return action{kind: actEndTrial, host: h.Name, from: h.State,
		trial: catalog.TrialOutcome{Passed: passed, Evidence: evidence, Attempts: h.Attempts}}
}
