package power

import "errors"

// Error kinds. Drivers and the BMC layer wrap these with %w so that callers
// can map them with errors.Is.
var (
	// ErrInvalid: the request itself is wrong (unknown action, no device).
	ErrInvalid = errors.New("invalid power request")
	// ErrAuth: the BMC rejected the credentials. Not retried.
	ErrAuth = errors.New("BMC rejected credentials")
	// ErrUnreachable: the BMC did not answer (refused, timed out).
	ErrUnreachable = errors.New("BMC unreachable")
	// ErrUnsupported: the BMC does not implement the command.
	ErrUnsupported = errors.New("not supported by BMC")
	// ErrStateUnknown: a hard action was refused because the power state
	// could not be read.
	ErrStateUnknown = errors.New("power state unknown")
	// ErrClosed: the driver was closed.
	ErrClosed = errors.New("BMC driver closed")
	// ErrBootMismatch: the boot device read back differs from the one set.
	ErrBootMismatch = errors.New("boot device read back differs")
)
