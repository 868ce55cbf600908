package power

import (
	"context"
	"fmt"
)

// Request is one explicit power action.
type Request struct {
	Action Action
	// Boot, if set, is written (and read back where the driver can) before
	// the action, which must be one that boots the host (on, cycle, reset).
	// If it cannot be set, the action is not sent.
	Boot *BootSpec
	// Reason is recorded in the event ("lease expired", "admin").
	Reason string
}

func (r Request) validate() error {
	if !r.Action.Valid() {
		return fmt.Errorf("action %d: %w", r.Action, ErrInvalid)
	}
	if r.Boot == nil {
		return nil
	}
	if !r.Action.Boots() {
		return fmt.Errorf("boot device with action %s: %w", r.Action, ErrInvalid)
	}
	return r.Boot.Validate()
}

// Power sends one explicit power action (an admin's or the holder's
// command). It does not look at the power state; use Boot to let the state
// decide.
func (b *BMC) Power(ctx context.Context, r Request) error {
	if err := r.validate(); err != nil {
		return err
	}
	return b.locked(ctx, func() error { return b.powerLocked(ctx, r) })
}

func (b *BMC) powerLocked(ctx context.Context, r Request) error {
	if r.Boot != nil {
		if err := b.setBootLocked(ctx, *r.Boot, r.Reason); err != nil {
			return err
		}
	}
	err := b.call(ctx, func() error { return b.driver.SetPower(ctx, r.Action) })
	if err != nil {
		err = fmt.Errorf("power %s: %w", r.Action, err)
	}
	b.log.Info("power action", "action", r.Action, "reason", r.Reason, "err", err)
	b.emit(ctx, Event{Kind: EventPower, Action: r.Action, Reason: r.Reason, Err: err})
	return err
}

// refuse records a hard action that was not sent because the state is
// unknown.
func (b *BMC) refuse(ctx context.Context, a Action, reason string, cause error) error {
	err := fmt.Errorf("refusing %s: %w", a, cause)
	b.log.Warn("power action refused", "action", a, "reason", reason, "err", err)
	b.emit(ctx, Event{Kind: EventPower, Action: a, Reason: reason, Err: err})
	return err
}
