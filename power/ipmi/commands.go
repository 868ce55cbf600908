package ipmi

import (
	"context"
	"fmt"

	"github.com/bougou/go-ipmi/pkg/client"
	"github.com/bougou/go-ipmi/pkg/command/chassis"

	"github.com/ironbase/ironbase/power"
)

// PowerState reads the chassis power state.
func (d *Driver) PowerState(ctx context.Context) (power.PowerState, error) {
	s := power.StateUnknown
	err := d.do(ctx, "power status", func(ctx context.Context, c *client.Client) error {
		res, err := c.GetChassisStatus(ctx)
		if err != nil {
			return err
		}
		s = power.StateOff
		if res.PowerIsOn {
			s = power.StateOn
		}
		return nil
	})
	if err != nil {
		return power.StateUnknown, err
	}
	return s, nil
}

var controls = map[power.Action]chassis.ChassisControl{
	power.ActionOn:      chassis.ChassisControlPowerUp,
	power.ActionOff:     chassis.ChassisControlPowerDown,
	power.ActionSoftOff: chassis.ChassisControlSoftShutdown,
	power.ActionCycle:   chassis.ChassisControlPowerCycle,
	power.ActionReset:   chassis.ChassisControlHardReset,
}

// SetPower sends a chassis control command.
func (d *Driver) SetPower(ctx context.Context, a power.Action) error {
	ctl, ok := controls[a]
	if !ok {
		return fmt.Errorf("action %d: %w", a, power.ErrInvalid)
	}
	return d.do(ctx, "power "+a.String(), func(ctx context.Context, c *client.Client) error {
		_, err := c.ChassisControl(ctx, ctl)
		return err
	})
}

// ResetBMC sends Cold Reset to the BMC and drops the session, which does
// not survive it. ipmi_sim answers "invalid command" (power.ErrUnsupported).
func (d *Driver) ResetBMC(ctx context.Context) error {
	return d.do(ctx, "bmc cold reset", func(ctx context.Context, c *client.Client) error {
		err := c.ColdReset(ctx)
		if err == nil {
			d.drop()
		}
		return err
	})
}
