package power

import (
	"context"
	"fmt"
)

// maxStateReads bounds the reads one State call makes while readings
// disagree.
const maxStateReads = 3

// State returns the debounced power state: a change of state counts only
// after two agreeing reads, so one failed or glitched read does not flip
// it. The error is non-nil only when the state is unknown.
func (b *BMC) State(ctx context.Context) (PowerState, error) {
	var s PowerState
	err := b.locked(ctx, func() error {
		var err error
		s, err = b.stateLocked(ctx)
		return err
	})
	return s, err
}

func (b *BMC) stateLocked(ctx context.Context) (PowerState, error) {
	var lastErr error
	for i := range maxStateReads {
		if i > 0 {
			if err := Sleep(ctx, b.cfg.Clock, b.cfg.ConfirmDelay); err != nil {
				return b.deb.stable, err
			}
		}
		s, err := b.readOnce(ctx)
		lastErr = err
		prev := b.deb.stable
		changed, settled := b.deb.observe(s)
		if changed {
			b.log.Info("power state changed", "from", prev, "to", s)
			b.emit(ctx, Event{Kind: EventState, State: s, Prev: prev, Err: err})
		}
		if settled {
			break
		}
	}
	return b.deb.stable, b.unknownErr(lastErr)
}

func (b *BMC) unknownErr(last error) error {
	if b.deb.stable != StateUnknown {
		return nil
	}
	if last == nil {
		return ErrStateUnknown
	}
	return fmt.Errorf("%w: %w", ErrStateUnknown, last)
}

// readOnce is one raw read; any error makes the reading unknown.
func (b *BMC) readOnce(ctx context.Context) (PowerState, error) {
	var s PowerState
	err := b.call(ctx, func() error {
		var err error
		s, err = b.driver.PowerState(ctx)
		return err
	})
	if err != nil {
		b.log.Warn("power state read failed", "err", err)
		return StateUnknown, err
	}
	return s, nil
}
