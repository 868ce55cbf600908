package provision

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/power"
)

const actor = "controller"

// Step is one reconcile pass: one snapshot, one decision per host, the
// decisions applied. Power steps are started in the background.
func (c *Controller) Step(ctx context.Context) error {
	v, err := c.store.LifecycleView(ctx)
	if err != nil {
		return err
	}
	d := newDecider(c.cfg, v)
	var errs []error
	for _, h := range v.Hosts {
		if c.isBusy(h.Name) {
			continue
		}
		a := d.decide(h)
		a.efi = h.Firmware == "uefi"
		if a.kind == actPower {
			a.alert = h.Alert // the alert a successful power step may clear
		}
		if err := c.apply(ctx, a); err != nil {
			errs = append(errs, err)
		}
		c.maybePoll(ctx, h)
	}
	return errors.Join(errs...)
}

// apply carries out one decision. A conflict means the host changed since
// the snapshot (an admin, a reservation): the next pass decides again.
func (c *Controller) apply(ctx context.Context, a action) error {
	err := c.write(ctx, a)
	if catalog.IsKind(err, catalog.KindConflict) {
		c.log.Debug("decision overtaken", "host", a.host, "err", err)
		return nil
	}
	if err != nil {
		return fmt.Errorf("host %s: %w", a.host, err)
	}
	return nil
}

func (c *Controller) write(ctx context.Context, a action) error {
	switch a.kind {
	case actTransition:
		a.to.Actor = actor
		_, err := c.store.TransitionHost(ctx, a.host, a.to)
		return err
	case actPhase:
		return c.store.SetPhase(ctx, a.host, a.from, a.phase, a.reason, actor)
	case actAlert:
		return c.store.SetAlert(ctx, a.host, a.alert, actor)
	case actBeginTrial:
		return c.store.BeginTrial(ctx, a.host, actor)
	case actEndTrial:
		return c.store.EndTrial(ctx, a.host, a.trial, actor)
	case actMove:
		if err := c.store.SetSlot(ctx, a.host, "A", a.image, "", actor); err != nil {
			return err
		}
		a.to.Actor = actor
		_, err := c.store.TransitionHost(ctx, a.host, a.to)
		return err
	case actPower:
		c.startPower(ctx, a)
	}
	return nil
}

func (c *Controller) isBusy(host string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.busy[host]
}

// startPower runs a power step in the background, unless the host's BMC
// failed recently (then it waits out BMCRetry).
func (c *Controller) startPower(ctx context.Context, a action) {
	c.mu.Lock()
	if c.busy[a.host] || c.cfg.Clock.Now().Before(c.retryAt[a.host]) {
		c.mu.Unlock()
		return
	}
	c.busy[a.host] = true
	c.mu.Unlock()
	c.jobs.Add(1)
	go func() {
		defer c.jobs.Done()
		defer c.poke()
		err := c.runPower(ctx, a)
		c.mu.Lock()
		delete(c.busy, a.host)
		if err != nil {
			c.retryAt[a.host] = c.cfg.Clock.Now().Add(c.cfg.BMCRetry)
		}
		c.mu.Unlock()
	}()
}

func (c *Controller) runPower(ctx context.Context, a action) error {
	if a.slotA != "" {
		if err := c.store.SetSlot(ctx, a.host, "A", a.slotA, "", actor); err != nil {
			c.log.Warn("slot A", "host", a.host, "err", err)
			return err
		}
	}
	err := c.powerStep(ctx, a)
	if err != nil {
		c.log.Warn("power step failed", "host", a.host, "step", a.step, "err", err)
		c.apply(ctx, action{kind: actAlert, host: a.host, alert: alertBMC + err.Error()}) //nolint:errcheck // best effort
		return err
	}
	c.clearBMCAlert(ctx, a.host, a.alert)
	if a.then != nil {
		return c.apply(ctx, *a.then)
	}
	return nil
}

// powerStep sends one rung: PXE next boot, then on/cycle (or a hard reset
// for a host that is on). An unknown power state gets no hard action
// (invariant 6): the BMC layer refuses it.
func (c *Controller) powerStep(ctx context.Context, a action) error {
	spec := power.BootSpec{Device: power.BootPXE, EFI: a.efi}
	reason := fmt.Sprintf("%s: %s (%s)", actor, a.from, a.step)
	if a.step != power.StepHardReset {
		return c.power.Boot(ctx, a.host, spec, reason)
	}
	st, err := c.power.State(ctx, a.host)
	if err != nil || st != power.StateOn {
		return c.power.Boot(ctx, a.host, spec, reason)
	}
	return c.power.Do(ctx, a.host, power.Request{Action: power.ActionReset, Boot: &spec, Reason: reason})
}

// clearBMCAlert forgets a BMC failure once the BMC answered; current is
// the host's alert as of the pass, so a host without a BMC alert costs no
// write.
func (c *Controller) clearBMCAlert(ctx context.Context, host, current string) {
	c.mu.Lock()
	delete(c.retryAt, host)
	c.mu.Unlock()
	if !strings.HasPrefix(current, alertBMC) {
		return
	}
	if err := c.store.ClearAlert(ctx, host, alertBMC, actor); err != nil {
		c.log.Warn("clear alert", "host", host, "err", err)
	}
}
