package web

import (
	"net/http"

	"github.com/ironbase/ironbase/catalog"
)

func (s *Server) routes(metrics, boot http.Handler) {
	const (
		admin     = catalog.RoleAdmin
		scheduler = catalog.RoleScheduler
		viewer    = catalog.RoleViewer
	)
	m := s.mux
	m.HandleFunc("GET /healthz", s.health)
	if metrics != nil {
		m.Handle("GET /metrics", metrics)
	}
	if boot != nil {
		m.Handle("GET /boot/", boot)
	}
	m.HandleFunc("GET /api/v1/whoami", s.require(viewer, s.whoami))
	m.HandleFunc("GET /api/v1/pools", s.require(viewer, s.listPools))
	m.HandleFunc("POST /api/v1/pools", s.require(admin, s.createPool))
	m.HandleFunc("PATCH /api/v1/pools/{name}", s.require(admin, s.updatePool))
	m.HandleFunc("GET /api/v1/hosts", s.require(viewer, s.listHosts))
	m.HandleFunc("POST /api/v1/hosts", s.require(admin, s.createHost))
	m.HandleFunc("GET /api/v1/hosts/{name}", s.require(viewer, s.getHostDetail))
	m.HandleFunc("POST /api/v1/hosts/{name}/retest", s.require(admin, s.retestHost))
	m.HandleFunc("POST /api/v1/hosts/{name}/maintenance", s.require(admin, s.maintenance))
	m.HandleFunc("POST /api/v1/hosts/{name}/retire", s.require(admin, s.retire))
	m.HandleFunc("POST /api/v1/hosts/{name}/accept", s.require(admin, s.accept))
	m.HandleFunc("GET /api/v1/hosts/{name}/power", s.require(viewer, s.powerStatus))
	m.HandleFunc("POST /api/v1/hosts/{name}/power", s.require(scheduler, s.powerAction))
	m.HandleFunc("POST /api/v1/hosts/{name}/bootdev", s.require(scheduler, s.bootDev))
	m.HandleFunc("POST /api/v1/blobs/fetch", s.require(admin, s.fetchBlob))
	m.HandleFunc("GET /api/v1/blobs/{digest}", s.require(viewer, s.statBlob))
	m.HandleFunc("PUT /api/v1/blobs/{digest}", s.require(admin, s.putBlob))
	m.HandleFunc("GET /api/v1/images", s.require(viewer, s.listImages))
	m.HandleFunc("POST /api/v1/images", s.require(admin, s.createImage))
	m.HandleFunc("GET /api/v1/images/{ref}", s.require(viewer, s.getImage))
	m.HandleFunc("POST /api/v1/images/{ref}/tag", s.require(admin, s.tagImage))
	m.HandleFunc("POST /api/v1/images/{ref}/promote", s.require(admin, s.promoteImage))
	m.HandleFunc("POST /api/v1/images/{ref}/revoke", s.require(admin, s.revokeImage))
	m.HandleFunc("POST /api/v1/images/{ref}/retire", s.require(admin, s.retireImage))
	m.HandleFunc("POST /api/v1/images/{ref}/derive", s.require(admin, s.deriveImage))
	m.HandleFunc("POST /api/v1/images/{ref}/stage", s.require(admin, s.stageImage))
	m.HandleFunc("POST /api/v1/images/verify", s.require(admin, s.verifyImages))
	m.HandleFunc("POST /api/v1/images/gc", s.require(admin, s.gcImages))
	m.HandleFunc("POST /api/v1/reservations", s.require(scheduler, s.reserve))
	m.HandleFunc("POST /api/v1/reservations/bulk", s.require(scheduler, s.reserveBulk))
	m.HandleFunc("GET /api/v1/reservations", s.require(viewer, s.listReservations))
	m.HandleFunc("GET /api/v1/reservations/{id}", s.require(viewer, s.getReservation))
	m.HandleFunc("POST /api/v1/reservations/{id}/release", s.require(scheduler, s.releaseReservation))
	m.HandleFunc("POST /api/v1/reservations/{id}/extend", s.require(scheduler, s.extendReservation))
	m.HandleFunc("GET /api/v1/events/stream", s.require(viewer, s.streamEvents))
	m.HandleFunc("GET /api/v1/events", s.require(viewer, s.listEvents))
	m.HandleFunc("GET /api/v1/tokens", s.require(admin, s.listTokens))
	m.HandleFunc("POST /api/v1/tokens", s.require(admin, s.createToken))
	m.HandleFunc("DELETE /api/v1/tokens/{name}", s.require(admin, s.revokeToken))
	m.HandleFunc("/api/", s.apiNotFound)
	// agent protocol (web/agent.go): /agent/v1/, boot-token auth
	s.agentRoutes(m)
	// end agent protocol
	if s.ui != nil { // ui: the web UI (web/ui) serves every path the routes above do not
		m.Handle("/", s.ui)
	} else {
		m.HandleFunc("GET /{$}", s.index)
	}
}

func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, s.log, catalog.Errorf(catalog.KindNotFound, "no API endpoint %s %s", r.Method, r.URL.Path))
}

func (s *Server) whoami(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, caller(r.Context()))
}
