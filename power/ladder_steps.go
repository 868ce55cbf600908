package power

import (
	"context"
	"fmt"
)

func (l *Ladder) softOff(ctx context.Context) error {
	s, err := l.t.State(ctx)
	switch s {
	case StateUnknown:
		return fmt.Errorf("soft off skipped: %w", err)
	case StateOn:
		r := Request{Action: ActionSoftOff, Reason: "recovery: soft off"}
		if err := l.t.Power(ctx, r); err != nil {
			return err
		}
		if !l.waitState(ctx, StateOff, l.cfg.SoftOffWait) {
			return fmt.Errorf("still not off %s after soft off", l.cfg.SoftOffWait)
		}
	}
	return l.powerAndWait(ctx, ActionOn)
}

// hard sends a (the reset or the cycle), or power on to a host that is off.
// Never to a host whose state is unknown.
func (l *Ladder) hard(ctx context.Context, a Action) error {
	s, err := l.t.State(ctx)
	switch s {
	case StateUnknown:
		return fmt.Errorf("%s not sent: %w", a, err)
	case StateOff:
		a = ActionOn
	}
	return l.powerAndWait(ctx, a)
}

func (l *Ladder) bmcReset(ctx context.Context) error {
	if err := l.t.ResetBMC(ctx, "recovery: BMC cold reset"); err != nil {
		return err
	}
	if !l.waitKnown(ctx, l.cfg.BMCResetWait) {
		return fmt.Errorf("BMC did not report a power state %s after cold reset: %w",
			l.cfg.BMCResetWait, ErrStateUnknown)
	}
	return l.hard(ctx, ActionCycle)
}

func (l *Ladder) powerAndWait(ctx context.Context, a Action) error {
	r := Request{Action: a, Boot: l.cfg.Boot, Reason: "recovery: " + a.String()}
	if err := l.t.Power(ctx, r); err != nil {
		return err
	}
	if !l.waitAlive(ctx, l.cfg.BootWait) {
		return fmt.Errorf("host not alive %s after %s", l.cfg.BootWait, a)
	}
	return nil
}
