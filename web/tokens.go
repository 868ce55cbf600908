package web

import (
	"net/http"

	"github.com/ironbase/ironbase/catalog"
)

func (s *Server) listTokens(w http.ResponseWriter, r *http.Request) {
	ts, err := s.cat.ListTokens(r.Context())
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, TokenList{Tokens: ts})
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	req, err := decode[TokenRequest](w, r)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	role, err := catalog.ParseRole(req.Role)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	secret, tok, err := s.cat.CreateToken(r.Context(), req.Name, role, caller(r.Context()).Name)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusCreated, TokenCreated{Token: tok, Secret: secret})
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) {
	if err := s.cat.RevokeToken(r.Context(), r.PathValue("name"), caller(r.Context()).Name); err != nil {
		writeError(w, s.log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
