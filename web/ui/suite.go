package ui

import (
	"time"

	"github.com/ironbase/ironbase/catalog"
)

// suiteView is a suite run, failing checks first.
type suiteView struct {
	Run    catalog.ReservedHost
	Ended  time.Time
	Failed []catalog.CheckResult
	Passed []catalog.CheckResult
	// OnlyFailing: the source lists failing checks only.
	OnlyFailing bool
	Note        string // why there is nothing to show
}

// currentSuite is the latest suite run of the host's current boot, from
// the lifecycle view (which keeps the failing checks of a run).
func currentSuite(hv catalog.HostView) suiteView {
	b := hv.Boot
	switch {
	case b.ID == 0:
		return suiteView{Note: "No data yet: the host has not booted under ironbase's control."}
	case b.RunID == 0:
		return suiteView{Note: "No data yet: no suite has reported for the current boot."}
	}
	run := catalog.ReservedHost{Host: hv.Name, Slot: b.Slot, Image: b.Image, Boot: b.ID, Suite: b.RunResult, Checks: b.Failing}
	v := splitChecks(run)
	v.Ended, v.OnlyFailing = b.RunEnded, true
	return v
}

func splitChecks(run catalog.ReservedHost) suiteView {
	v := suiteView{Run: run}
	for _, c := range run.Checks {
		if c.Result == "pass" {
			v.Passed = append(v.Passed, c)
		} else {
			v.Failed = append(v.Failed, c)
		}
	}
	return v
}
