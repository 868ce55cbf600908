package power

import (
	"context"
	"fmt"
)

// SetBootDevice sets the boot device and reads it back where the driver
// can. Only the device is compared on read-back: BMCs such as ipmi_sim
// never report the "valid" bit, the EFI bit or persistence faithfully.
func (b *BMC) SetBootDevice(ctx context.Context, spec BootSpec, reason string) error {
	if err := spec.Validate(); err != nil {
		return err
	}
	return b.locked(ctx, func() error { return b.setBootLocked(ctx, spec, reason) })
}

func (b *BMC) setBootLocked(ctx context.Context, spec BootSpec, reason string) error {
	err := b.call(ctx, func() error { return b.driver.SetBootDevice(ctx, spec) })
	if err == nil {
		err = b.readBack(ctx, spec)
	}
	if err != nil {
		err = fmt.Errorf("set boot device %s: %w", spec, err)
	}
	b.log.Info("boot device", "boot", spec, "reason", reason, "err", err)
	b.emit(ctx, Event{Kind: EventBoot, Boot: spec, Reason: reason, Err: err})
	return err
}

func (b *BMC) readBack(ctx context.Context, want BootSpec) error {
	r, ok := b.driver.(BootReader)
	if !ok {
		return nil
	}
	var got BootSpec
	err := b.call(ctx, func() error {
		var err error
		got, err = r.BootDevice(ctx)
		return err
	})
	if err != nil {
		b.log.Warn("boot device read-back failed; keeping the set", "err", err)
		return nil
	}
	if got.Device != want.Device {
		return fmt.Errorf("%w: got %s, want %s", ErrBootMismatch, got.Device, want.Device)
	}
	return nil
}
