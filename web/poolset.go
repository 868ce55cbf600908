package web

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/testsuite"
)

// PoolUpdate is PATCH /api/v1/pools/{name}: only the fields present
// change. Durations are Go durations; recheck "0s" turns health rechecks
// off. Suite is a checks file (the format of `image import --checks`)
// added to every image's suite on the pool's hosts; the JSON string ""
// removes it.
type PoolUpdate struct {
	CanariesPerClass *int            `json:"canaries_per_class,omitempty"`
	MaxUnavailable   *int            `json:"max_unavailable,omitempty"`
	Heartbeat        *string         `json:"heartbeat,omitempty"`
	MaxLease         *string         `json:"max_lease,omitempty"`
	Recheck          *string         `json:"recheck,omitempty"`
	Suite            json.RawMessage `json:"suite,omitempty"`
}

func (s *Server) updatePool(w http.ResponseWriter, r *http.Request) {
	req, err := decode[PoolUpdate](w, r)
	var c catalog.PoolChange
	if err == nil {
		c, err = req.change()
	}
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	p, err := s.cat.UpdatePool(r.Context(), r.PathValue("name"), c, caller(r.Context()).Name)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

// change checks the request and turns it into a catalog change.
func (u PoolUpdate) change() (catalog.PoolChange, error) {
	c := catalog.PoolChange{CanariesPerClass: u.CanariesPerClass, MaxUnavailable: u.MaxUnavailable}
	for _, f := range []struct {
		name     string
		in       *string
		out      **catalog.Duration
		zeroOkay bool
	}{{"heartbeat", u.Heartbeat, &c.Heartbeat, false}, {"max_lease", u.MaxLease, &c.MaxLease, false}, {"recheck", u.Recheck, &c.Recheck, true}} {
		if f.in == nil {
			continue
		}
		d, err := time.ParseDuration(*f.in)
		if err != nil || d < 0 || (d == 0 && !f.zeroOkay) {
			return c, catalog.Errorf(catalog.KindInvalid, "%s %q: want a positive duration such as 30s or 24h", f.name, *f.in)
		}
		cd := catalog.Duration(d)
		*f.out = &cd
	}
	if len(u.Suite) == 0 {
		return c, nil
	}
	suite := string(u.Suite)
	if suite == `""` {
		suite = ""
	} else if _, err := testsuite.ParseChecks(u.Suite); err != nil {
		return c, catalog.Errorf(catalog.KindInvalid, "suite: %v", err)
	}
	c.Suite = &suite
	return c, nil
}
