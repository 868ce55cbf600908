package web

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"os"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/imaging"
)

// The agent protocol (/agent/v1/, docs/agent-protocol.md): the in-host
// agent authenticates with its one-time boot token, never with an API
// token. The catalog checks the token against the host's current boot in
// the same transaction as every write (DESIGN.md invariant 3).

// agentStore is what the agent protocol needs of the catalog.
type agentStore interface {
	RecordHello(ctx context.Context, token string, hello json.RawMessage) (catalog.BootTicket, catalog.AgentOrder, error)
	Heartbeat(ctx context.Context, token string) (catalog.AgentOrder, error)
	agentReporter
}

// agentReporter stores what the agent measured, and says what it runs.
type agentReporter interface {
	BootSuite(ctx context.Context, token string) (catalog.SuiteSource, error)
	RecordSuite(ctx context.Context, token string, r catalog.SuiteReport) (catalog.BootTicket, error)
	RecordSamples(ctx context.Context, token string, data []byte) error
}

// blobOpener reads a blob of the image store (the image's checks file).
type blobOpener interface {
	Open(d imaging.Digest) (*os.File, error)
}

var (
	_ agentStore = (*catalog.Store)(nil)
	_ blobOpener = (*imaging.Store)(nil)
)

// agentAPI serves /agent/v1/.
type agentAPI struct {
	store agentStore
	blobs blobOpener // nil: an image's checks file cannot be read
	log   *slog.Logger
}

// agentRoutes mounts the agent protocol. It is served when the server's
// Catalog is a *catalog.Store (or otherwise has the agent methods); the
// checks file of an image is read when Blobs can open blobs.
func (s *Server) agentRoutes(m *http.ServeMux) {
	a := &agentAPI{log: s.log}
	a.store, _ = s.cat.(agentStore)
	a.blobs, _ = s.blobs.(blobOpener)
	if a.store == nil {
		m.HandleFunc("/agent/", a.unavailable)
		return
	}
	m.HandleFunc("POST /agent/v1/hello", a.auth(a.hello))
	m.HandleFunc("POST /agent/v1/heartbeat", a.auth(a.heartbeat))
	m.HandleFunc("GET /agent/v1/suite", a.auth(a.suite))
	m.HandleFunc("POST /agent/v1/suite", a.auth(a.report))
	m.HandleFunc("POST /agent/v1/samples", a.auth(a.samples))
	m.HandleFunc("/agent/", a.notFound)
}

func (a *agentAPI) unavailable(w http.ResponseWriter, r *http.Request) {
	writeError(w, a.log, catalog.Errorf(catalog.KindUnavailable, "this server has no agent protocol configured"))
}

func (a *agentAPI) notFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, a.log, catalog.Errorf(catalog.KindNotFound, "no agent endpoint %s %s", r.Method, r.URL.Path))
}
