package ui

import (
	"context"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

// mayPower is DESIGN.md invariant 2, the same rule as the API's
// (web/power.go mayPower): an admin may power any host; anyone else only a
// host they hold through an active reservation.
func mayPower(tok catalog.Token, h catalog.Host, holder string) error {
	if tok.Role.Allows(catalog.RoleAdmin) || (holder != "" && holder == tok.Name && h.State == catalog.HostReserved) {
		return nil
	}
	return catalog.Errorf(catalog.KindForbidden, "host %s is %s: only an admin or the host's holder may power it (token %s is %s)",
		h.Name, h.State, tok.Name, tok.Role)
}

// powerView is the host's power state as its BMC reports it right now.
type powerView struct {
	Available bool // the server has power control and the host a BMC
	State     string
	Error     string
	BMC       string
}

// powerReadTimeout bounds the BMC read a host page waits for.
const powerReadTimeout = 3 * time.Second

func (u *UI) powerState(ctx context.Context, h catalog.Host) powerView {
	if u.power == nil || h.BMC == nil {
		return powerView{}
	}
	ctx, cancel := context.WithTimeout(ctx, powerReadTimeout)
	defer cancel()
	v := powerView{Available: true, BMC: h.BMC.Address}
	st, err := u.power.State(ctx, h.Name)
	v.State = st.String()
	if err != nil {
		v.Error = err.Error()
	}
	return v
}
