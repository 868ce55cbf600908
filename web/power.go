package web

import (
	"context"
	"net/http"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/power"
)

// PowerService is what the API needs of the power fleet.
type PowerService interface {
	State(ctx context.Context, host string) (power.PowerState, error)
	Do(ctx context.Context, host string, r power.Request) error
	SetBoot(ctx context.Context, host string, spec power.BootSpec, reason string) error
}

// PowerRequest is POST /api/v1/hosts/{name}/power. Actions that boot (on,
// cycle, reset) set the boot device first: Boot "pxe" (the default: ironbase
// hosts boot from the network every time), "disk", or "none" to leave it.
type PowerRequest struct {
	Action string `json:"action"`
	Boot   string `json:"boot,omitempty"`
}

// BootDevRequest is POST /api/v1/hosts/{name}/bootdev. EFI defaults to the
// host's firmware.
type BootDevRequest struct {
	Device     string `json:"device"`
	Persistent bool   `json:"persistent,omitempty"`
	EFI        *bool  `json:"efi,omitempty"`
}

// PowerReply answers every power call.
type PowerReply struct {
	Host   string `json:"host"`
	State  string `json:"state,omitempty"`
	Action string `json:"action,omitempty"`
	Boot   string `json:"boot,omitempty"`
}

func (s *Server) powerStatus(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if _, err := s.powerTarget(r, name, false); err != nil {
		writeError(w, s.log, err)
		return
	}
	st, err := s.power.State(r.Context(), name)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, PowerReply{Host: name, State: st.String()})
}

// powerTarget checks that power control is configured, the host exists,
// and (for actions) that the caller may act on it.
func (s *Server) powerTarget(r *http.Request, name string, act bool) (catalog.Host, error) {
	if s.power == nil {
		return catalog.Host{}, catalog.Errorf(catalog.KindUnavailable, "power control is not configured on this server")
	}
	h, err := s.cat.Host(r.Context(), name)
	if err != nil || !act {
		return h, err
	}
	holder, err := s.cat.HostHolder(r.Context(), name)
	if err != nil {
		return h, err
	}
	return h, mayPower(caller(r.Context()), h, holder)
}

// mayPower is DESIGN.md invariant 2 at the API: an admin may power any
// host; anyone else only a host they hold through an active reservation,
// so a host in `maintenance` (held by nobody) or reserved by someone else
// is never powered by them.
func mayPower(tok catalog.Token, h catalog.Host, holder string) error {
	if tok.Role.Allows(catalog.RoleAdmin) || (holder != "" && holder == tok.Name && h.State == catalog.HostReserved) {
		return nil
	}
	return catalog.Errorf(catalog.KindForbidden, "host %s is %s: only an admin or the host's holder may power it (token %s is %s)",
		h.Name, h.State, tok.Name, tok.Role)
}
