package provision

import (
	"context"
	"fmt"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/power"
)

// pollStates are the states in which nobody else talks to the BMC often,
// so the controller asks it for the power state now and then: a dead BMC
// is flagged before a recovery needs it, and cleared when it answers again.
var pollStates = map[catalog.HostState]bool{
	catalog.HostReady: true, catalog.HostReserved: true, catalog.HostQuarantined: true,
	catalog.HostMaintenance: true, catalog.HostEnrolled: true,
}

// maybePoll starts a background power-state read of h's BMC when its poll
// is due. Reading the state is not a power command (invariant 2 holds).
func (c *Controller) maybePoll(ctx context.Context, h catalog.HostView) {
	if c.cfg.BMCPoll < 0 || !h.HasBMC || !pollStates[h.State] {
		return
	}
	now := c.cfg.Clock.Now()
	c.mu.Lock()
	if c.busy[h.Name] || now.Sub(c.polled[h.Name]) < c.cfg.BMCPoll {
		c.mu.Unlock()
		return
	}
	c.busy[h.Name], c.polled[h.Name] = true, now
	c.mu.Unlock()
	c.jobs.Add(1)
	go func() {
		defer c.jobs.Done()
		c.poll(ctx, h.Name, h.Alert)
		c.mu.Lock()
		delete(c.busy, h.Name)
		c.mu.Unlock()
	}()
}

func (c *Controller) poll(ctx context.Context, host, current string) {
	st, err := c.power.State(ctx, host)
	if err == nil && st == power.StateUnknown {
		err = fmt.Errorf("power state unknown")
	}
	if err != nil {
		msg := alertBMC + "power state unknown: " + err.Error() + " (no power action is taken on an unknown state)"
		if aerr := c.store.SetAlert(ctx, host, msg, actor); aerr != nil {
			c.log.Warn("flag host", "host", host, "err", aerr)
		}
		return
	}
	c.clearBMCAlert(ctx, host, current)
}
