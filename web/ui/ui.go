package ui

import (
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"time"
)

//go:embed templates static
var assets embed.FS

// Config configures the UI. Catalog is required; the rest is optional.
type Config struct {
	Catalog Catalog
	// Power controls hosts; without it the host page has no power
	// section and power actions answer "unavailable".
	Power  PowerService
	Logger *slog.Logger
	Now    func() time.Time
}

// UI is the web UI as an http.Handler.
type UI struct {
	cat      Catalog
	power    PowerService
	log      *slog.Logger
	now      func() time.Time
	sessions *sessions
	pages    *pages
	handler  http.Handler
}

// New builds the UI and its routes.
func New(cfg Config) *UI {
	u := &UI{cat: cfg.Catalog, power: cfg.Power, log: cfg.Logger, now: cfg.Now}
	if u.log == nil {
		u.log = slog.New(slog.DiscardHandler)
	}
	if u.now == nil {
		u.now = time.Now
	}
	u.sessions = newSessions(u.now)
	u.pages = mustParsePages(u.now)
	u.handler = u.routes()
	return u
}

// ServeHTTP serves every UI path with the security headers of a page.
func (u *UI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; "+
		"base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	u.handler.ServeHTTP(w, r)
}

func (u *UI) routes() http.Handler {
	m := http.NewServeMux()
	static, _ := fs.Sub(assets, "static")
	m.Handle("GET /ui/static/", http.StripPrefix("/ui/static/", staticFiles(static)))
	m.HandleFunc("GET /login", u.loginPage)
	m.HandleFunc("POST /login", u.login)
	m.HandleFunc("POST /logout", u.act(viewer, u.logout))
	m.HandleFunc("GET /{$}", u.page(viewer, u.fleet))
	m.HandleFunc("GET /hosts/{name}", u.page(viewer, u.hostPage))
	m.HandleFunc("POST /hosts/{name}/action", u.act(scheduler, u.hostAction))
	m.HandleFunc("GET /images", u.page(viewer, u.imagesPage))
	m.HandleFunc("GET /images/{ref}", u.page(viewer, u.imagePage))
	m.HandleFunc("POST /images/{ref}/action", u.act(admin, u.imageAction))
	m.HandleFunc("GET /reservations", u.page(viewer, u.reservationsPage))
	m.HandleFunc("GET /reservations/{id}", u.page(viewer, u.reservationPage))
	m.HandleFunc("POST /reservations/{id}/release", u.act(scheduler, u.release))
	m.HandleFunc("POST /reservations", u.act(scheduler, u.reserve))
	m.HandleFunc("POST /reservations/{id}/extend", u.act(scheduler, u.extend))
	m.HandleFunc("GET /events", u.page(viewer, u.eventsPage))
	m.HandleFunc("GET /ui/stream", u.fragment(viewer, u.stream))
	m.HandleFunc("GET /ui/frag/host/{name}", u.fragment(viewer, u.hostRowFrag))
	m.HandleFunc("GET /ui/frag/counts", u.fragment(viewer, u.countsFrag))
	m.HandleFunc("GET /ui/frag/events", u.fragment(viewer, u.eventRowsFrag))
	m.HandleFunc("/", u.notFound)
	return http.NewCrossOriginProtection().Handler(m)
}

func staticFiles(fsys fs.FS) http.Handler {
	fh := http.FileServerFS(fsys)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		fh.ServeHTTP(w, r)
	})
}
