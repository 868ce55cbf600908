package web

import (
	"net/http"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

func (s *Server) listPools(w http.ResponseWriter, r *http.Request) {
	ps, err := s.cat.ListPools(r.Context())
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, PoolList{Pools: ps})
}

func (s *Server) createPool(w http.ResponseWriter, r *http.Request) {
	req, err := decode[PoolRequest](w, r)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	p := catalog.Pool{Name: req.Name, CanariesPerClass: req.CanariesPerClass, MaxUnavailable: req.MaxUnavailable}
	hb, err := optDuration("heartbeat", req.Heartbeat)
	if err == nil {
		var ml time.Duration
		ml, err = optDuration("max_lease", req.MaxLease)
		p.Heartbeat, p.MaxLease = catalog.Duration(hb), catalog.Duration(ml)
	}
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	p, err = s.cat.CreatePool(r.Context(), p, caller(r.Context()).Name)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	writeJSON(w, http.StatusCreated, p)
}

// optDuration parses an optional Go duration; "" is zero (the default).
func optDuration(field, v string) (time.Duration, error) {
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, catalog.Errorf(catalog.KindInvalid, "%s %q: want a positive duration such as 30s or 24h", field, v)
	}
	return d, nil
}
