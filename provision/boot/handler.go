package boot

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/ironbase/ironbase/catalog"
)

// hostFinder is the part of the catalog the boot handler uses.
type hostFinder interface {
	HostByMAC(ctx context.Context, mac string) (catalog.Host, error)
	PlanBoot(ctx context.Context, host string) (catalog.BootPlan, error)
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
	s, err := h.script(r.Context(), mac, "http://"+r.Host)
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

// script decides what the host boots: the catalog's boot plan (slot A, or
// the pool's promoted image), or a script that says why there is nothing
// to boot. base is the URL the host reached us at.
func (h *Handler) script(ctx context.Context, mac, base string) (Script, error) {
	host, err := h.Hosts.HostByMAC(ctx, mac)
	if catalog.IsKind(err, catalog.KindNotFound) {
		return Script{MAC: mac, Reason: "this MAC is not enrolled; an admin adds it with `ironbase host add`"}, nil
	}
	if err != nil {
		return Script{}, err
	}
	s := Script{Host: host.Name, MAC: mac, State: host.State.String()}
	plan, err := h.Hosts.PlanBoot(ctx, host.Name)
	if catalog.IsKind(err, catalog.KindConflict) {
		s.Reason = err.Error()
		return s, nil
	}
	if err != nil {
		return s, err
	}
	return withPlan(s, plan, base), nil
}

// withPlan fills the script from a boot plan: artifact URLs by digest and
// the command line the agent reads (DESIGN.md: server URL, host, one-time
// boot token, slot, image).
func withPlan(s Script, p catalog.BootPlan, base string) Script {
	for _, a := range p.Image.Artifacts {
		switch a.Role {
		case "kernel":
			s.Kernel = base + "/boot/artifacts/" + a.Digest
		case "initrd":
			s.Initrd = base + "/boot/artifacts/" + a.Digest
		}
	}
	s.Cmdline = strings.TrimSpace(fmt.Sprintf("%s ironbase.server=%s ironbase.host=%s ironbase.boot=%s ironbase.slot=%s ironbase.image=%s",
		p.Cmdline, base, p.Ticket.Host, p.Ticket.Token, p.Ticket.Slot, p.Image.Digest))
	return s
}
