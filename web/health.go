package web

import (
	"html/template"
	"net/http"

	"github.com/ironbase/ironbase/catalog"
)

// health answers 200 when the catalog can be read, 503 otherwise.
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	if _, err := s.cat.ListPools(r.Context()); err != nil {
		writeError(w, s.log, &catalog.Error{Kind: catalog.KindUnavailable, Msg: "catalog unreadable", Err: err})
		return
	}
	writeJSON(w, http.StatusOK, Health{Status: "ok", Time: s.now().UTC(), Schema: catalog.SchemaVersion()})
}

var indexPage = template.Must(template.New("index").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ironbase</title></head>
<body><h1>ironbase</h1>
<p>The web UI is not built yet. The JSON API is at <code>/api/v1/</code>
(token auth: <code>Authorization: Bearer TOKEN</code>); health at <a href="/healthz">/healthz</a>.</p>
</body></html>`))

func (s *Server) index(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'")
	indexPage.Execute(w, nil) //nolint:errcheck // the client went away
}
