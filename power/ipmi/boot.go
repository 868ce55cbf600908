package ipmi

import (
	"context"
	"fmt"

	"github.com/bougou/go-ipmi/pkg/client"
	"github.com/bougou/go-ipmi/pkg/types"

	"github.com/ironbase/ironbase/power"
)

var selectors = map[power.BootDevice]types.BootDeviceSelector{
	power.BootPXE:  types.BootDeviceSelectorForcePXE,
	power.BootDisk: types.BootDeviceSelectorForceHardDrive,
}

// SetBootDevice writes the boot flags parameter (no set-in-progress
// handshake: ipmi_sim and some BMCs refuse parameter 0).
func (d *Driver) SetBootDevice(ctx context.Context, b power.BootSpec) error {
	sel, ok := selectors[b.Device]
	if !ok {
		return fmt.Errorf("boot device %s: %w", b.Device, power.ErrInvalid)
	}
	return d.do(ctx, "bootdev "+b.String(), func(ctx context.Context, c *client.Client) error {
		return c.SetBootDevice(ctx, sel, types.BIOSBootType(b.EFI), b.Persistent)
	})
}

// BootDevice reads the boot flags back. A device the package does not
// name reads as power.BootNone. The valid bit is ignored: ipmi_sim never
// sets it.
func (d *Driver) BootDevice(ctx context.Context) (power.BootSpec, error) {
	var spec power.BootSpec
	err := d.do(ctx, "get bootdev", func(ctx context.Context, c *client.Client) error {
		p := &types.BootOptionParam_BootFlags{}
		if err := c.GetSystemBootOptionsParamFor(ctx, p); err != nil {
			return err
		}
		spec = specOf(p)
		return nil
	})
	return spec, err
}

func specOf(p *types.BootOptionParam_BootFlags) power.BootSpec {
	spec := power.BootSpec{Persistent: p.Persist, EFI: bool(p.BIOSBootType)}
	for dev, sel := range selectors {
		if sel == p.BootDeviceSelector {
			spec.Device = dev
		}
	}
	return spec
}
