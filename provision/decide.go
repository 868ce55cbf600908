package provision

import (
	"fmt"
	"time"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/power"
)

// actKind is what an action does.
type actKind int

const (
	actNone       actKind = iota
	actTransition         // move the host to another state (to)
	actPhase              // move the host to another phase of its state
	actAlert              // set or clear the host's alert
	actBeginTrial         // ready → trial with slot B staged
	actEndTrial           // record the trial outcome, back to slot A
	actMove               // put the promoted image on slot A, then to
	actPower              // a power step (background), then the follow-up
)

// action is one decision about one host: pure data, applied by apply.go.
type action struct {
	kind   actKind
	host   string
	from   catalog.HostState
	to     catalog.HostTransition
	phase  string
	reason string
	alert  string
	trial  catalog.TrialOutcome
	image  string     // actMove: the image for slot A
	step   power.Step // actPower
	then   *action    // actPower: what to record once the step succeeded
	slotA  string     // actPower: put this image on slot A first ("" keep)
	budget bool       // takes a host of the pool out of service (counted)
	efi    bool       // actPower: the host boots UEFI
}

// decider holds what one pass decides from.
type decider struct {
	cfg         ControllerConfig
	now         time.Time
	pools       map[string]catalog.PoolView
	unavailable map[string]int // per pool: hosts the controller has taken out of service
}

// active are the states in which a host is out of service on the
// controller's account.
var active = map[catalog.HostState]bool{
	catalog.HostProvisioning: true, catalog.HostVerifying: true, catalog.HostTrial: true,
	catalog.HostRecovering: true, catalog.HostCleaning: true,
}

func newDecider(cfg ControllerConfig, v catalog.LifeView) *decider {
	d := &decider{cfg: cfg, now: v.Now, pools: v.Pools, unavailable: map[string]int{}}
	for _, h := range v.Hosts {
		if active[h.State] {
			d.unavailable[h.Pool]++
		}
	}
	return d
}

// decide is the whole lifecycle policy for one host.
func (d *decider) decide(h catalog.HostView) action {
	if a := d.decideState(h); a.kind != actNone {
		return a
	}
	return d.tidyAlert(h)
}

func (d *decider) decideState(h catalog.HostView) action {
	switch h.State {
	case catalog.HostEnrolled:
		return d.enrolled(h)
	case catalog.HostProvisioning, catalog.HostCleaning, catalog.HostTrial:
		return d.booting(h)
	case catalog.HostRecovering:
		return d.recovering(h)
	case catalog.HostVerifying:
		return d.verifying(h)
	case catalog.HostReady:
		return d.ready(h)
	case catalog.HostReserved:
		return d.reserved(h)
	}
	return action{}
}

func (d *decider) enrolled(h catalog.HostView) action {
	switch {
	case h.Pool == "":
		return alert(h, "not in a pool: nothing to provision")
	case !h.HasBMC:
		return alert(h, "no BMC: ironbase cannot power it")
	case h.SlotA == "" && h.Promoted == "":
		return alert(h, fmt.Sprintf("pool %s has no promoted %s image yet", h.Pool, h.Arch))
	}
	return transition(h, catalog.HostProvisioning, catalog.PhasePower, "provisioning on the pool's known-good image", 0)
}

// booting covers the states in which the controller power-cycles a host
// and waits for it to come up: provisioning, cleaning and trial.
func (d *decider) booting(h catalog.HostView) action {
	if h.Phase == "" || h.Phase == catalog.PhasePower {
		return d.powerStep(h)
	}
	if d.helloSeen(h) {
		return d.afterHello(h)
	}
	if h.State == catalog.HostTrial && h.Phase == catalog.PhaseSuite {
		if h.Boot.Slot != "B" {
			return endTrial(h, false, "the host came back on slot A during its trial (the slot B boot did not survive)")
		}
		return d.suiteOutcome(h)
	}
	switch h.Phase {
	case catalog.PhaseDHCP:
		if !h.DHCPAt.Before(h.PhaseSince) || !h.Boot.Created.Before(h.PhaseSince) {
			return phase(h, catalog.PhaseHello, "DHCP seen: waiting for the agent's hello")
		}
		return d.watch(h, d.cfg.DHCPTimeout, "no DHCP request")
	case catalog.PhaseHello:
		return d.watch(h, d.cfg.HelloTimeout, "no agent hello")
	}
	return action{}
}

// helloSeen: the current boot started in this state and its agent said
// hello (for a trial, the boot must be slot B's).
func (d *decider) helloSeen(h catalog.HostView) bool {
	if h.Boot.ID == 0 || h.Boot.Hello.IsZero() || h.Boot.Created.Before(h.StateSince) {
		return false
	}
	return h.Phase == catalog.PhaseDHCP || h.Phase == catalog.PhaseHello
}

func (d *decider) afterHello(h catalog.HostView) action {
	if h.State != catalog.HostTrial {
		return transition(h, catalog.HostVerifying, catalog.PhaseSuite, "agent said hello: running the acceptance suite", h.Attempts)
	}
	if h.Boot.Slot != "B" {
		return endTrial(h, false, "the host came back on slot A during its trial (the slot B boot did not survive)")
	}
	return phase(h, catalog.PhaseSuite, "agent on slot B said hello: running the acceptance suite")
}

// watch fires the phase watchdog once the phase has lasted longer than
// limit.
func (d *decider) watch(h catalog.HostView, limit time.Duration, what string) action {
	if d.now.Sub(h.PhaseSince) <= limit {
		return action{}
	}
	return d.fire(h, fmt.Sprintf("watchdog: %s within %s (phase %s)", what, limit, h.Phase))
}

// fire handles a watchdog: a trial fails (rolled back by power cycle);
// anything else climbs the recovery ladder, and is quarantined at its top.
func (d *decider) fire(h catalog.HostView, why string) action {
	if h.State == catalog.HostTrial {
		return endTrial(h, false, why)
	}
	if h.Attempts >= len(d.cfg.Ladder) {
		return transition(h, catalog.HostQuarantined, "", fmt.Sprintf("%s; recovery ladder exhausted after %d attempts", why, h.Attempts), h.Attempts)
	}
	rung := d.cfg.Ladder[h.Attempts]
	return transition(h, catalog.HostRecovering, rung.String(), why, h.Attempts+1)
}
