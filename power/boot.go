package power

import "fmt"

// BootDevice is the device a host boots from.
type BootDevice int

// Boot devices. The zero value means "leave the BMC's setting alone".
const (
	BootNone BootDevice = iota
	BootPXE
	BootDisk
)

// String returns "none", "pxe" or "disk".
func (d BootDevice) String() string {
	switch d {
	case BootPXE:
		return "pxe"
	case BootDisk:
		return "disk"
	default:
		return "none"
	}
}

// BootSpec says where and how a host boots.
type BootSpec struct {
	Device BootDevice
	// Persistent asks for the device on every boot, not just the next one.
	Persistent bool
	// EFI selects an EFI boot; false means legacy (PC compatible) BIOS boot.
	EFI bool
}

// String returns e.g. "pxe next-boot legacy".
func (b BootSpec) String() string {
	when, mode := "next-boot", "legacy"
	if b.Persistent {
		when = "persistent"
	}
	if b.EFI {
		mode = "efi"
	}
	return fmt.Sprintf("%s %s %s", b.Device, when, mode)
}

// Validate reports a spec that names no device.
func (b BootSpec) Validate() error {
	if b.Device != BootPXE && b.Device != BootDisk {
		return fmt.Errorf("boot device %d: %w", b.Device, ErrInvalid)
	}
	return nil
}

// ParseBootDevice parses "pxe", "disk" or "none".
func ParseBootDevice(s string) (BootDevice, error) {
	for _, d := range []BootDevice{BootNone, BootPXE, BootDisk} {
		if d.String() == s {
			return d, nil
		}
	}
	return 0, fmt.Errorf("boot device %q: want pxe, disk or none: %w", s, ErrInvalid)
}
