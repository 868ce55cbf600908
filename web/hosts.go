package web

import (
	"net/http"

	"github.com/ironbase/ironbase/catalog"
)

func (s *Server) listHosts(w http.ResponseWriter, r *http.Request) {
	f := catalog.HostFilter{Pool: r.URL.Query().Get("pool")}
	if st := r.URL.Query().Get("state"); st != "" {
		var err error
		if f.State, err = catalog.ParseHostState(st); err != nil {
			writeError(w, s.log, err)
			return
		}
	}
	hs, err := s.cat.ListHosts(r.Context(), f)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, HostList{Hosts: hs})
}

func (s *Server) createHost(w http.ResponseWriter, r *http.Request) {
	req, err := decode[HostRequest](w, r)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	nh := catalog.NewHost{Name: req.Name, MACs: req.MACs, Pool: req.Pool, Arch: req.Arch,
		Firmware: req.Firmware, Tags: req.Tags}
	if b := req.BMC; b != nil {
		nh.BMC = &catalog.BMCCredentials{Password: catalog.Secret(b.Password), BMCInfo: catalog.BMCInfo{
			Address: b.Address, Username: b.Username, Interface: b.Interface, CipherSuite: b.CipherSuite}}
	}
	h, err := s.cat.CreateHost(r.Context(), nh, caller(r.Context()).Name)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	writeJSON(w, http.StatusCreated, h)
}

func (s *Server) maintenance(w http.ResponseWriter, r *http.Request) {
	req, err := decode[MaintenanceRequest](w, r)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	t := catalog.HostTransition{To: catalog.HostMaintenance, Reason: req.Reason}
	if !req.On {
		t = catalog.HostTransition{From: catalog.HostMaintenance, To: catalog.HostProvisioning,
			Reason: "left maintenance: re-provision and re-verify"}
	}
	s.move(w, r, t)
}

func (s *Server) retire(w http.ResponseWriter, r *http.Request) {
	req, err := decode[ReasonRequest](w, r)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	s.move(w, r, catalog.HostTransition{To: catalog.HostRetired, Reason: req.Reason})
}

func (s *Server) accept(w http.ResponseWriter, r *http.Request) {
	req, err := decode[ReasonRequest](w, r)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	s.move(w, r, catalog.HostTransition{From: catalog.HostNew, To: catalog.HostEnrolled, Reason: req.Reason})
}

func (s *Server) move(w http.ResponseWriter, r *http.Request, t catalog.HostTransition) {
	t.Actor = caller(r.Context()).Name
	if _, err := s.cat.TransitionHost(r.Context(), r.PathValue("name"), t); err != nil {
		writeError(w, s.log, err)
		return
	}
	h, err := s.cat.Host(r.Context(), r.PathValue("name"))
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, h)
}
