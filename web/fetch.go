package web

import (
	"context"
	"net/http"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/imaging"
)

type blobFetcher interface {
	Fetch(ctx context.Context, url string, want imaging.Digest, opts imaging.FetchOptions) (imaging.FetchResult, error)
}

// FetchRequest asks the server to fetch an artifact from an http(s) URL
// into the image store, checked against Digest when given.
type FetchRequest struct {
	URL    string `json:"url"`
	Digest string `json:"digest,omitempty"`
}

// FetchReply says what was stored and how the download went.
type FetchReply struct {
	BlobInfo
	Attempts int `json:"attempts"`
	Resumes  int `json:"resumes"`
}

// fetchBlob downloads an artifact server-side (streamed, resumed on a
// dropped connection, nothing visible unless complete and matching).
func (s *Server) fetchBlob(w http.ResponseWriter, r *http.Request) {
	req, err := decode[FetchRequest](w, r)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	if s.blobs == nil {
		writeError(w, s.log, catalog.Errorf(catalog.KindUnavailable, "no image store configured on this server"))
		return
	}
	var want imaging.Digest
	if req.Digest != "" {
		if want, err = imaging.ParseDigest(req.Digest); err != nil {
			writeError(w, s.log, &catalog.Error{Kind: catalog.KindInvalid, Msg: "digest", Err: err})
			return
		}
	}
	res, err := s.blobs.Fetch(r.Context(), req.URL, want, imaging.FetchOptions{})
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	writeJSON(w, http.StatusCreated, FetchReply{BlobInfo: BlobInfo{Digest: res.Digest.String(), Size: res.Size},
		Attempts: res.Attempts, Resumes: res.Resumes})
}
