package power

import "context"

// Driver is what a BMC layer needs from a BMC protocol driver (IPMI in
// power/ipmi). A driver serialises its own calls; errors wrap the kinds in
// errors.go.
type Driver interface {
	// PowerState reads the chassis power state once, undebounced.
	PowerState(ctx context.Context) (PowerState, error)
	// SetPower sends one power action.
	SetPower(ctx context.Context, a Action) error
	// SetBootDevice sets the boot device for the next or every boot.
	SetBootDevice(ctx context.Context, b BootSpec) error
}

// BootReader is implemented by drivers that can read the boot device back.
type BootReader interface {
	BootDevice(ctx context.Context) (BootSpec, error)
}

// BMCResetter is implemented by drivers that can cold-reset the BMC itself.
type BMCResetter interface {
	ResetBMC(ctx context.Context) error
}
