package web

import (
	"net/http"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/imaging"
)

// DeriveRequest makes a candidate from a base image: the base's blobs,
// with the kernel and initrd replaced when given and a layer added on top
// (all uploaded as blobs first). Name defaults to the base's.
type DeriveRequest struct {
	Name    string `json:"name,omitempty"`
	Version string `json:"version,omitempty"`
	Cmdline string `json:"cmdline,omitempty"` // default: the base's
	Kernel  string `json:"kernel,omitempty"`
	Initrd  string `json:"initrd,omitempty"`
	Layer   string `json:"layer,omitempty"`
	Source  string `json:"source,omitempty"` // provenance of the new artifacts
}

func (s *Server) deriveImage(w http.ResponseWriter, r *http.Request) {
	req, err := decode[DeriveRequest](w, r)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	base, err := s.cat.Image(r.Context(), r.PathValue("ref"))
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	bm, err := imaging.ParseManifest(base.Manifest)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	s.recordImage(w, r, deriveSpec(req, base, bm))
}

func deriveSpec(req DeriveRequest, base catalog.Image, bm *imaging.Manifest) ImageRequest {
	out := ImageRequest{Name: or(req.Name, base.Name), Version: req.Version, Arch: base.Arch,
		Cmdline: or(req.Cmdline, bm.Cmdline), Parent: base.Digest}
	replace := map[string]string{"kernel": req.Kernel, "initrd": req.Initrd}
	for _, a := range base.Artifacts {
		ref := ArtifactRef{Role: a.Role, Digest: a.Digest, Source: "derived:" + base.Digest}
		if d := replace[a.Role]; d != "" {
			ref = ArtifactRef{Role: a.Role, Digest: d, Source: req.Source}
		}
		out.Artifacts = append(out.Artifacts, ref)
	}
	if req.Layer != "" {
		out.Artifacts = append(out.Artifacts, ArtifactRef{Role: "layer", Digest: req.Layer, Source: req.Source})
	}
	return out
}
