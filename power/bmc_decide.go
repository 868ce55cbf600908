package power

import (
	"context"
	"fmt"
)

// Boot makes the host boot afresh from spec: a host that is off is powered
// on, a host that is on is power-cycled. The boot device is set first. A
// host whose debounced state is unknown gets nothing: the hard action is
// refused with ErrStateUnknown and the refusal is recorded.
func (b *BMC) Boot(ctx context.Context, spec BootSpec, reason string) error {
	if err := spec.Validate(); err != nil {
		return err
	}
	return b.locked(ctx, func() error { return b.bootLocked(ctx, spec, reason) })
}

func (b *BMC) bootLocked(ctx context.Context, spec BootSpec, reason string) error {
	s, err := b.stateLocked(ctx)
	if s == StateUnknown {
		return b.refuse(ctx, ActionCycle, reason, err)
	}
	a := ActionOn
	if s == StateOn {
		a = ActionCycle
	}
	return b.powerLocked(ctx, Request{Action: a, Boot: &spec, Reason: reason})
}

// ResetBMC cold-resets the BMC itself (not the host), if the driver can.
// The debounced state is forgotten: it is re-learnt from fresh reads.
func (b *BMC) ResetBMC(ctx context.Context, reason string) error {
	return b.locked(ctx, func() error {
		err := b.resetLocked(ctx)
		b.log.Info("BMC cold reset", "reason", reason, "err", err)
		b.emit(ctx, Event{Kind: EventBMCReset, Reason: reason, Err: err})
		return err
	})
}

func (b *BMC) resetLocked(ctx context.Context) error {
	r, ok := b.driver.(BMCResetter)
	if !ok {
		return fmt.Errorf("cold reset: %w", ErrUnsupported)
	}
	b.deb = debouncer{}
	err := b.call(ctx, func() error { return r.ResetBMC(ctx) })
	if err != nil {
		return fmt.Errorf("cold reset: %w", err)
	}
	return nil
}
