package provision

import (
	"fmt"
	"strings"

	"github.com/ironbase/ironbase/catalog"
)

// verifying waits for the suite of the current boot (a retest waits for a
// run that ended after it was asked for).
func (d *decider) verifying(h catalog.HostView) action {
	if h.Phase != catalog.PhaseSuite {
		return d.booting(h) // verifying entered with a boot phase (a retest of a quarantined host)
	}
	return d.suiteOutcome(h)
}

// suiteOutcome judges the latest suite run once there is a fresh one, or
// fires the suite watchdog.
func (d *decider) suiteOutcome(h catalog.HostView) action {
	if !d.freshRun(h) {
		return d.watch(h, d.cfg.SuiteTimeout, "no suite result")
	}
	if h.Boot.RunResult == "pass" {
		if h.State == catalog.HostTrial {
			return endTrial(h, true, fmt.Sprintf("suite passed on boot %d", h.Boot.ID))
		}
		return transition(h, catalog.HostReady, "", "", 0)
	}
	why := "suite " + h.Boot.RunResult + ": " + failingSummary(h.Boot.Failing)
	if h.State == catalog.HostTrial {
		return endTrial(h, false, why)
	}
	if isBaseFailure(h.Boot.Failing) {
		return transition(h, catalog.HostQuarantined, "", "base failure on the known-good image: "+why, h.Attempts)
	}
	if h.Attempts >= d.cfg.InfraRetries {
		return transition(h, catalog.HostQuarantined, "", fmt.Sprintf("%s; still failing after %d retries", why, h.Attempts), h.Attempts)
	}
	return transition(h, catalog.HostProvisioning, catalog.PhasePower, why+"; retrying on the known-good image", h.Attempts+1)
}

// freshRun: the current boot has a run that belongs to this phase. A
// retest needs a run that ended after it was asked for; otherwise any run
// of a boot that started in this cycle counts.
func (d *decider) freshRun(h catalog.HostView) bool {
	if h.Boot.RunID == 0 {
		return false
	}
	if h.Command == catalog.CommandRetest {
		return !h.Boot.RunEnded.Before(h.PhaseSince)
	}
	return true
}

// isBaseFailure: some failed check blames the image or the host.
func isBaseFailure(failing []catalog.CheckResult) bool {
	for _, c := range failing {
		if c.Class == "base" && c.Result == "fail" {
			return true
		}
	}
	return false
}

// failingSummary names the failing checks with observed vs expected, in
// one line ("module virtio_net: expected loaded, observed absent").
func failingSummary(failing []catalog.CheckResult) string {
	if len(failing) == 0 {
		return "no check failed (the suite itself errored)"
	}
	var parts []string
	for i, c := range failing {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("and %d more", len(failing)-3))
			break
		}
		parts = append(parts, fmt.Sprintf("%s [%s %s]: expected %s, observed %s", c.Name, c.Class, c.Result, c.Expected, c.Observed))
	}
	return strings.Join(parts, "; ")
}
