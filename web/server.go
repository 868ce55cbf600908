// Package web serves ironbase's HTTP surface: the JSON API for admins and
// schedulers, the health and metrics endpoints, and (later) the web UI and
// the agent API.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/web/ui" // ui:
)

type authenticator interface {
	Authenticate(ctx context.Context, secret string) (catalog.Token, error)
}

type poolStore interface {
	CreatePool(ctx context.Context, p catalog.Pool, actor string) (catalog.Pool, error)
	UpdatePool(ctx context.Context, name string, c catalog.PoolChange, actor string) (catalog.Pool, error)
	ListPools(ctx context.Context) ([]catalog.Pool, error)
}

type hostStore interface {
	CreateHost(ctx context.Context, nh catalog.NewHost, actor string) (catalog.Host, error)
	Host(ctx context.Context, name string) (catalog.Host, error)
	ListHosts(ctx context.Context, f catalog.HostFilter) ([]catalog.Host, error)
}

type hostMover interface {
	TransitionHost(ctx context.Context, name string, t catalog.HostTransition) (catalog.Host, error)
}

type eventStore interface {
	ListEvents(ctx context.Context, f catalog.EventFilter) ([]catalog.Event, error)
	WaitEvents(ctx context.Context, since int64) int64
	LastEventID() int64
}

type tokenStore interface {
	CreateToken(ctx context.Context, name string, role catalog.Role, actor string) (string, catalog.Token, error)
	ListTokens(ctx context.Context) ([]catalog.Token, error)
	RevokeToken(ctx context.Context, name, actor string) error
}

// Catalog is everything the API reads and writes; *catalog.Store has it.
type Catalog interface {
	authenticator
	poolStore
	hostStore
	hostMover
	eventStore
	tokenStore
	imageStore
	imageAdmin
	reservationStore
	lifecycleStore
}

var _ Catalog = (*catalog.Store)(nil)

// Config configures a Server. Catalog is required.
type Config struct {
	Catalog Catalog
	Logger  *slog.Logger
	Now     func() time.Time
	// Metrics serves /metrics when set.
	Metrics http.Handler
	// Boot serves /boot/ (iPXE scripts, artifacts) when set.
	Boot http.Handler
	// Blobs is the image store; image calls answer "unavailable" when nil.
	Blobs BlobStore
	// Power controls hosts through their BMCs; power calls answer
	// "unavailable" when nil.
	Power PowerService
	// MaxWait caps an events long-poll; 0 means 60s.
	MaxWait time.Duration
	// UI serves the web UI at /; nil builds it from Catalog and Power
	// when the catalog has what it needs (ui: see uiFor).
	UI http.Handler
}

// Server is the HTTP surface.
type Server struct {
	cat     Catalog
	log     *slog.Logger
	now     func() time.Time
	maxWait time.Duration
	mux     *http.ServeMux
	power   PowerService
	blobs   BlobStore
	ui      http.Handler // ui:
}

// New builds a Server and its routes.
func New(cfg Config) *Server {
	s := &Server{cat: cfg.Catalog, log: cfg.Logger, now: cfg.Now, maxWait: cfg.MaxWait, mux: http.NewServeMux(),
		power: cfg.Power, blobs: cfg.Blobs}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.maxWait == 0 {
		s.maxWait = 60 * time.Second
	}
	s.ui = uiFor(cfg, s.log, s.now) // ui:
	s.routes(cfg.Metrics, cfg.Boot)
	return s
}

// uiFor is cfg.UI, or the web UI over cfg's catalog and power (ui:).
func uiFor(cfg Config, log *slog.Logger, now func() time.Time) http.Handler {
	c, ok := cfg.Catalog.(ui.Catalog)
	if cfg.UI != nil || !ok {
		return cfg.UI
	}
	return ui.New(ui.Config{Catalog: c, Power: cfg.Power, Logger: log, Now: now})
}

// ServeHTTP logs each request and dispatches it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := s.now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	s.mux.ServeHTTP(rec, r)
	s.log.Info("http", "method", r.Method, "path", r.URL.Path, "status", rec.status,
		"dur", s.now().Sub(start), "token", rec.token, "remote", r.RemoteAddr)
}

// statusRecorder remembers the status and the caller for the access log.
type statusRecorder struct {
	http.ResponseWriter
	status int
	token  string
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the underlying writer (flush).
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
