package web

import (
	"context"
	"io"
	"net/http"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/imaging"
)

// BlobStore is what the API needs of the image store.
type BlobStore interface {
	Ingest(ctx context.Context, r io.Reader, want imaging.Digest) (imaging.Blob, error)
	Stat(d imaging.Digest) (imaging.Blob, error)
	Manifest(spec imaging.ImageSpec) (*imaging.Manifest, error)
	blobAdmin
	blobFetcher
}

type imageStore interface {
	CreateImage(ctx context.Context, n catalog.NewImage, actor string) (catalog.Image, error)
	Image(ctx context.Context, ref string) (catalog.Image, error)
	ListImages(ctx context.Context) ([]catalog.Image, error)
	TagImage(ctx context.Context, ref, nameTag, actor string) (catalog.Image, error)
}

// BlobInfo answers blob calls.
type BlobInfo struct {
	Digest string `json:"digest"`
	Size   int64  `json:"size"`
}

// ImageRequest records an image whose artifacts were uploaded as blobs.
type ImageRequest struct {
	Name      string        `json:"name"`
	Version   string        `json:"version,omitempty"`
	Arch      string        `json:"arch,omitempty"` // default x86_64
	Cmdline   string        `json:"cmdline,omitempty"`
	Parent    string        `json:"parent,omitempty"`
	Artifacts []ArtifactRef `json:"artifacts"`
}

// ArtifactRef names an uploaded blob and its role.
type ArtifactRef struct {
	Role   string `json:"role"`
	Digest string `json:"digest"`
	Source string `json:"source,omitempty"`
}

// ImageList is GET /api/v1/images.
type ImageList struct {
	Images []catalog.Image `json:"images"`
}

// TagRequest points NAME:TAG at an image.
type TagRequest struct {
	Tag string `json:"tag"`
}

func (s *Server) blobDigest(r *http.Request) (imaging.Digest, error) {
	if s.blobs == nil {
		return "", catalog.Errorf(catalog.KindUnavailable, "no image store configured on this server")
	}
	d, err := imaging.ParseDigest(r.PathValue("digest"))
	if err != nil {
		return "", &catalog.Error{Kind: catalog.KindInvalid, Msg: "blob digest", Err: err}
	}
	return d, nil
}

func (s *Server) statBlob(w http.ResponseWriter, r *http.Request) {
	d, err := s.blobDigest(r)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	b, err := s.blobs.Stat(d)
	if err != nil {
		writeError(w, s.log, &catalog.Error{Kind: catalog.KindNotFound, Msg: "blob " + d.String() + " not stored", Err: err})
		return
	}
	writeJSON(w, http.StatusOK, BlobInfo{Digest: b.Digest.String(), Size: b.Size})
}

// putBlob streams the body into the store, verifying it against the digest
// in the path before anything becomes visible.
func (s *Server) putBlob(w http.ResponseWriter, r *http.Request) {
	d, err := s.blobDigest(r)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	b, err := s.blobs.Ingest(r.Context(), r.Body, d)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	writeJSON(w, http.StatusCreated, BlobInfo{Digest: b.Digest.String(), Size: b.Size})
}

var _ BlobStore = (*imaging.Store)(nil)
