package provision

import (
	"context"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

// Image behaviours in the simulated lab: what a host does when it boots it.
const (
	behGood    = "good"    // boots, says hello, passes the suite
	behPanic   = "panic"   // the kernel panics: no hello, ever
	behNoNIC   = "nonic"   // no NIC driver: never phones home
	behBadBase = "badbase" // boots but a base check fails
)

type simStage int

const (
	stOff      simStage = iota
	stFirmware          // powered on, will ask DHCP for its boot script
	stKernel            // got a script, the kernel is starting
	stRunning           // the agent is up
	stDead              // panicked or hung with no network: silent until power changes
)

// simHost is a simulated machine: it boots whatever script it is given and
// can panic, hang, lose its network, fail a check or lose its BMC.
type simHost struct {
	name    string
	stage   simStage
	since   time.Time // when the current stage began
	token   string
	slot    string
	beh     string
	beat    time.Time // last heartbeat sent
	cmdDone int64

	hung    bool // the agent stopped (wedged machine); cleared by a power change
	noNet   bool // DHCP never reaches the server
	bmcDown bool // the BMC does not answer
	flaky   int  // the next suites error with an infra-class failure
}

// powerOn starts a fresh boot (power on, cycle or reset).
func (h *simHost) powerOn(now time.Time) {
	h.stage, h.since, h.hung, h.token = stFirmware, now, false, ""
}

// tick advances the host by one step of simulated time.
func (s *sim) tickHost(ctx context.Context, h *simHost) {
	now := s.clock.Now()
	switch h.stage {
	case stFirmware:
		if h.noNet || now.Sub(h.since) < 2*time.Second {
			return
		}
		s.netboot(ctx, h, now)
	case stKernel:
		if now.Sub(h.since) < 5*time.Second {
			return
		}
		if h.beh != behGood && h.beh != behBadBase || h.hung {
			h.stage = stDead
			return
		}
		s.hello(ctx, h, now)
	case stRunning:
		if h.hung || now.Sub(h.beat) < 10*time.Second {
			return
		}
		s.heartbeat(ctx, h, now)
	}
}

func (s *sim) netboot(ctx context.Context, h *simHost, now time.Time) {
	s.must(s.store.NoteDHCP(ctx, h.name))
	plan, err := s.store.PlanBoot(ctx, h.name)
	if err != nil { // nothing to boot (quarantined, no image): the firmware gives up
		h.stage = stDead
		return
	}
	h.token, h.slot, h.beh = plan.Ticket.Token, plan.Ticket.Slot, s.behaviour[plan.Image.Digest]
	if h.slot == "B" {
		s.trialBoots[h.name+" "+plan.Image.Digest]++
	}
	h.stage, h.since = stKernel, now
}

func (s *sim) hello(ctx context.Context, h *simHost, now time.Time) {
	if _, _, err := s.store.RecordHello(ctx, h.token, []byte(`{}`)); err != nil {
		h.stage = stDead // a stale boot: the server moved on
		return
	}
	h.stage, h.beat = stRunning, now
	s.suite(ctx, h)
}

func (s *sim) heartbeat(ctx context.Context, h *simHost, now time.Time) {
	o, err := s.store.Heartbeat(ctx, h.token)
	if err != nil {
		h.stage = stDead
		return
	}
	h.beat = now
	if o.Command == catalog.CommandRetest && o.ID != h.cmdDone {
		h.cmdDone = o.ID
		s.suite(ctx, h)
	}
}

func (s *sim) suite(ctx context.Context, h *simHost) {
	r := catalog.SuiteReport{Kernel: "6.1.0-sim", Result: "pass",
		Checks: []catalog.CheckResult{{Name: "kernel", Result: "pass", Class: "base"}}}
	switch {
	case h.flaky > 0:
		h.flaky--
		r.Result = "error"
		r.Checks = append(r.Checks, catalog.CheckResult{Name: "reach server", Result: "error", Class: "infra",
			Expected: "reachable", Observed: "timeout"})
	case h.beh == behBadBase:
		r.Result = "fail"
		r.Checks = append(r.Checks, catalog.CheckResult{Name: "module virtio_net", Result: "fail", Class: "base",
			Expected: "loaded", Observed: "absent"})
	}
	if _, err := s.store.RecordSuite(ctx, h.token, r); err != nil {
		h.stage = stDead
	}
}
