package web

import (
	"net/http"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/imaging"
)

func (s *Server) createImage(w http.ResponseWriter, r *http.Request) {
	req, err := decode[ImageRequest](w, r)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	s.recordImage(w, r, req)
}

// recordImage builds the manifest from stored blobs and records the image.
func (s *Server) recordImage(w http.ResponseWriter, r *http.Request, req ImageRequest) {
	if s.blobs == nil {
		writeError(w, s.log, catalog.Errorf(catalog.KindUnavailable, "no image store configured on this server"))
		return
	}
	tok := caller(r.Context())
	spec := imaging.ImageSpec{Name: req.Name, Version: req.Version, Arch: or(req.Arch, "x86_64"), Cmdline: req.Cmdline,
		Parent: imaging.Digest(req.Parent), By: tok.Name, At: s.now()}
	for _, a := range req.Artifacts {
		spec.Artifacts = append(spec.Artifacts, imaging.ArtifactRef{Role: imaging.Role(a.Role), Digest: imaging.Digest(a.Digest), Source: a.Source})
	}
	m, err := s.blobs.Manifest(spec)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	n, err := imaging.CatalogImage(m)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	im, err := s.cat.CreateImage(r.Context(), n, tok.Name)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	writeJSON(w, http.StatusCreated, im)
}

func (s *Server) listImages(w http.ResponseWriter, r *http.Request) {
	ims, err := s.cat.ListImages(r.Context())
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, ImageList{Images: ims})
}

func (s *Server) getImage(w http.ResponseWriter, r *http.Request) {
	im, err := s.cat.Image(r.Context(), r.PathValue("ref"))
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, im)
}

func (s *Server) tagImage(w http.ResponseWriter, r *http.Request) {
	req, err := decode[TagRequest](w, r)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	im, err := s.cat.TagImage(r.Context(), r.PathValue("ref"), req.Tag, caller(r.Context()).Name)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, im)
}
