package web

import (
	"net/http"

	"github.com/ironbase/ironbase/catalog"
)

func (s *Server) getReservation(w http.ResponseWriter, r *http.Request) {
	id, err := resID(r)
	if err == nil {
		var res catalog.Reservation
		if res, err = s.cat.Reservation(r.Context(), id); err == nil {
			writeJSON(w, http.StatusOK, res)
			return
		}
	}
	writeError(w, s.log, err)
}

func (s *Server) releaseReservation(w http.ResponseWriter, r *http.Request) {
	id, err := resID(r)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	tok := caller(r.Context())
	res, err := s.cat.ReleaseReservation(r.Context(), id, tok.Name, tok.Role.Allows(catalog.RoleAdmin))
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) extendReservation(w http.ResponseWriter, r *http.Request) {
	id, err := resID(r)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	req, err := decode[ExtendRequest](w, r)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	tok := caller(r.Context())
	res, err := s.cat.ExtendReservation(r.Context(), id, req.For.Std(), tok.Name, tok.Role.Allows(catalog.RoleAdmin))
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}
