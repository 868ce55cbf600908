package boot

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"

	"github.com/ironbase/ironbase/catalog"
)

// hostFinder is the part of the catalog the boot handler reads.
type hostFinder interface {
	HostByMAC(ctx context.Context, mac string) (catalog.Host, error)
}

// Handler serves GET /boot/ipxe?mac=MAC: the script for the host's next
// boot. Hosts cannot authenticate at this stage of a network boot, so the
// MAC is only a lookup key; the one-time boot token in the kernel command
// line is what authenticates the agent later (DESIGN.md invariant 3).
type Handler struct {
	Hosts  hostFinder
	Logger *slog.Logger
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	mac, err := catalog.ParseMAC(r.URL.Query().Get("mac"))
	if err != nil {
		http.Error(w, "boot: "+err.Error(), http.StatusBadRequest)
		return
	}
	s, err := h.script(r.Context(), mac)
	if err != nil {
		h.Logger.Error("boot script", "mac", mac, "err", err)
		http.Error(w, "boot: internal error", http.StatusInternalServerError)
		return
	}
	var b bytes.Buffer
	if err := Render(&b, s); err != nil {
		h.Logger.Error("boot script", "mac", mac, "err", err)
		http.Error(w, "boot: internal error", http.StatusInternalServerError)
		return
	}
	h.Logger.Info("boot script", "mac", mac, "host", s.Host, "boots", s.Kernel != "")
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b.Bytes()) //nolint:errcheck // the host went away
}

// script decides what the host boots. Until images and the lifecycle
// controller land, every host is told why there is nothing to boot.
func (h *Handler) script(ctx context.Context, mac string) (Script, error) {
	host, err := h.Hosts.HostByMAC(ctx, mac)
	if catalog.IsKind(err, catalog.KindNotFound) {
		return Script{MAC: mac, Reason: "this MAC is not enrolled; an admin adds it with `ironbase host add`"}, nil
	}
	if err != nil {
		return Script{}, err
	}
	s := Script{Host: host.Name, MAC: mac, State: host.State.String()}
	switch host.State {
	case catalog.HostNew:
		s.Reason = "discovered, waiting for `ironbase host accept " + host.Name + "`"
	case catalog.HostMaintenance, catalog.HostRetired, catalog.HostQuarantined:
		s.Reason = "held in " + host.State.String() + ": " + host.Reason
	default:
		s.Reason = "no image to boot yet (image store and lifecycle controller not built)"
	}
	return s, nil
}
