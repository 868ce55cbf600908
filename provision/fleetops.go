package provision

import (
	"context"
	"errors"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/power"
)

// State reads a host's debounced power state.
func (f *Fleet) State(ctx context.Context, host string) (power.PowerState, error) {
	b, err := f.BMC(ctx, host)
	if err != nil {
		return power.StateUnknown, err
	}
	st, err := b.State(ctx)
	return st, powerError(host, err)
}

// Do sends one explicit power action.
func (f *Fleet) Do(ctx context.Context, host string, r power.Request) error {
	b, err := f.BMC(ctx, host)
	if err != nil {
		return err
	}
	return powerError(host, b.Power(ctx, r))
}

// SetBoot sets the host's boot device.
func (f *Fleet) SetBoot(ctx context.Context, host string, spec power.BootSpec, reason string) error {
	b, err := f.BMC(ctx, host)
	if err != nil {
		return err
	}
	return powerError(host, b.SetBootDevice(ctx, spec, reason))
}

// powerError gives a power error its domain kind, so the API and the CLI
// say the right thing: a BMC that does not answer is "unavailable", a
// request the BMC cannot do is "invalid", an unknown state "conflict".
func powerError(host string, err error) error {
	if err == nil {
		return nil
	}
	kind := catalog.KindInternal
	switch { // the cause first: an unknown state because the BMC is down is "unavailable"
	case errors.Is(err, power.ErrUnreachable), errors.Is(err, power.ErrAuth), errors.Is(err, power.ErrClosed),
		errors.Is(err, context.DeadlineExceeded):
		kind = catalog.KindUnavailable
	case errors.Is(err, power.ErrInvalid), errors.Is(err, power.ErrUnsupported):
		kind = catalog.KindInvalid
	case errors.Is(err, power.ErrStateUnknown), errors.Is(err, power.ErrBootMismatch):
		kind = catalog.KindConflict
	}
	return &catalog.Error{Kind: kind, Msg: "BMC of host " + host, Err: err}
}

// Boot boots the host afresh from spec: on if off, power cycle if on;
// nothing (ErrStateUnknown, "conflict") when its power state is unknown.
func (f *Fleet) Boot(ctx context.Context, host string, spec power.BootSpec, reason string) error {
	b, err := f.BMC(ctx, host)
	if err != nil {
		return err
	}
	return powerError(host, b.Boot(ctx, spec, reason))
}
