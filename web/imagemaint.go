package web

import (
	"context"
	"net/http"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/imaging"
)

// verifyImages re-hashes every blob and flags the images that use a bad
// one (an event per change); the boot server refuses bad blobs anyway.
func (s *Server) verifyImages(w http.ResponseWriter, r *http.Request) {
	if s.blobs == nil {
		writeError(w, s.log, catalog.Errorf(catalog.KindUnavailable, "no image store configured on this server"))
		return
	}
	bad, err := s.blobs.VerifyAll(r.Context())
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	rep := VerifyReport{Bad: []BadBlob{}}
	byDigest := map[string]string{}
	for _, b := range bad {
		rep.Bad = append(rep.Bad, BadBlob{Digest: b.Digest.String(), Error: b.Err.Error()})
		byDigest[b.Digest.String()] = b.Err.Error()
	}
	if rep.Changed, err = s.cat.MarkCorrupt(r.Context(), byDigest); err != nil {
		writeError(w, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

func (s *Server) gcImages(w http.ResponseWriter, r *http.Request) {
	req, err := decode[GCRequest](w, r)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	if s.blobs == nil {
		writeError(w, s.log, catalog.Errorf(catalog.KindUnavailable, "no image store configured on this server"))
		return
	}
	refs := func(ctx context.Context) (map[imaging.Digest]bool, error) {
		m, err := s.cat.ReferencedBlobs(ctx)
		out := make(map[imaging.Digest]bool, len(m))
		for d := range m {
			out[imaging.Digest(d)] = true
		}
		return out, err
	}
	rep, err := s.blobs.Collect(r.Context(), refs, imaging.GCOptions{DryRun: req.DryRun, Before: s.now().Add(-gcGrace)})
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, gcReply(rep, req.DryRun))
}

func gcReply(rep imaging.GCReport, dry bool) GCReply {
	out := GCReply{Removed: []BlobInfo{}, Missing: []string{}, Temp: len(rep.Temp), Kept: rep.Kept, Freed: rep.Freed, DryRun: dry}
	for _, b := range rep.Removed {
		out.Removed = append(out.Removed, BlobInfo{Digest: b.Digest.String(), Size: b.Size})
	}
	for _, d := range rep.Missing {
		out.Missing = append(out.Missing, d.String())
	}
	return out
}
