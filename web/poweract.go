package web

import (
	"fmt"
	"net/http"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/power"
)

func (s *Server) powerAction(w http.ResponseWriter, r *http.Request) {
	req, err := decode[PowerRequest](w, r)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	h, err := s.powerTarget(r, r.PathValue("name"), true)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	preq, err := powerRequest(req, h, caller(r.Context()))
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	if err := s.power.Do(r.Context(), h.Name, preq); err != nil {
		writeError(w, s.log, err)
		return
	}
	rep := PowerReply{Host: h.Name, Action: preq.Action.String()}
	if preq.Boot != nil {
		rep.Boot = preq.Boot.String()
	}
	writeJSON(w, http.StatusOK, rep)
}

func powerRequest(req PowerRequest, h catalog.Host, tok catalog.Token) (power.Request, error) {
	act, err := power.ParseAction(req.Action)
	if err != nil {
		return power.Request{}, &catalog.Error{Kind: catalog.KindInvalid, Msg: "power request", Err: err}
	}
	preq := power.Request{Action: act, Reason: fmt.Sprintf("api: %s (%s)", tok.Name, tok.Role)}
	if !act.Boots() {
		if req.Boot != "" {
			return preq, catalog.Errorf(catalog.KindInvalid, "boot %q: only on, cycle and reset boot the host", req.Boot)
		}
		return preq, nil
	}
	dev, err := power.ParseBootDevice(or(req.Boot, "pxe"))
	if err != nil {
		return preq, &catalog.Error{Kind: catalog.KindInvalid, Msg: "power request", Err: err}
	}
	if dev != power.BootNone {
		preq.Boot = &power.BootSpec{Device: dev, EFI: h.Firmware == "uefi"}
	}
	return preq, nil
}

func (s *Server) bootDev(w http.ResponseWriter, r *http.Request) {
	req, err := decode[BootDevRequest](w, r)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	h, err := s.powerTarget(r, r.PathValue("name"), true)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	dev, err := power.ParseBootDevice(req.Device)
	if err != nil || dev == power.BootNone {
		writeError(w, s.log, catalog.Errorf(catalog.KindInvalid, "device %q: want pxe or disk", req.Device))
		return
	}
	spec := power.BootSpec{Device: dev, Persistent: req.Persistent, EFI: h.Firmware == "uefi"}
	if req.EFI != nil {
		spec.EFI = *req.EFI
	}
	tok := caller(r.Context())
	if err := s.power.SetBoot(r.Context(), h.Name, spec, fmt.Sprintf("api: %s (%s)", tok.Name, tok.Role)); err != nil {
		writeError(w, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, PowerReply{Host: h.Name, Boot: spec.String()})
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
