package web

import (
	"context"
	"net/http"
	"time"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/imaging"
)

type imageAdmin interface {
	PromoteImage(ctx context.Context, ref, pool string, force bool, actor string) (catalog.PoolImages, error)
	RevokeImage(ctx context.Context, ref, pool, reason, actor string) (catalog.PoolImages, error)
	TransitionImage(ctx context.Context, ref string, t catalog.ImageTransition) (catalog.Image, error)
	MarkCorrupt(ctx context.Context, bad map[string]string) (int, error)
	ReferencedBlobs(ctx context.Context) (map[string]bool, error)
}

type blobAdmin interface {
	VerifyAll(ctx context.Context) ([]imaging.BadBlob, error)
	Collect(ctx context.Context, refs func(context.Context) (map[imaging.Digest]bool, error), opt imaging.GCOptions) (imaging.GCReport, error)
}

// PromoteRequest makes an image a pool's known-good.
type PromoteRequest struct {
	Pool   string `json:"pool"`
	Force  bool   `json:"force,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// VerifyReport answers POST /api/v1/images/verify.
type VerifyReport struct {
	Bad     []BadBlob `json:"bad"`
	Changed int       `json:"images_changed"`
}

// BadBlob is a blob whose bytes no longer match its digest.
type BadBlob struct {
	Digest string `json:"digest"`
	Error  string `json:"error"`
}

// GCRequest asks for a garbage collection.
type GCRequest struct {
	DryRun bool `json:"dry_run,omitempty"`
}

// GCReply says what a collection removed (or would).
type GCReply struct {
	Removed []BlobInfo `json:"removed"`
	Temp    int        `json:"temp_files"`
	Kept    int        `json:"kept"`
	Missing []string   `json:"missing"`
	Freed   int64      `json:"freed_bytes"`
	DryRun  bool       `json:"dry_run"`
}

// gcGrace keeps blobs younger than this: an upload whose image is not yet
// recorded (the client uploads blobs, then posts the image) is never lost.
const gcGrace = time.Hour

func (s *Server) promoteImage(w http.ResponseWriter, r *http.Request) {
	req, err := decode[PromoteRequest](w, r)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	pi, err := s.cat.PromoteImage(r.Context(), r.PathValue("ref"), req.Pool, req.Force, caller(r.Context()).Name)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, pi)
}

func (s *Server) revokeImage(w http.ResponseWriter, r *http.Request) {
	req, err := decode[PromoteRequest](w, r)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	pi, err := s.cat.RevokeImage(r.Context(), r.PathValue("ref"), req.Pool, req.Reason, caller(r.Context()).Name)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, pi)
}

func (s *Server) retireImage(w http.ResponseWriter, r *http.Request) {
	req, err := decode[ReasonRequest](w, r)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	im, err := s.cat.TransitionImage(r.Context(), r.PathValue("ref"),
		catalog.ImageTransition{To: catalog.ImageRetired, Reason: req.Reason, Actor: caller(r.Context()).Name})
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, im)
}
