package web

import (
	"mime"
	"net/http"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/testsuite/usage"
)

// samples stores one segment of the agent's resource samples. It must
// decode on its own (usage.Decode), so garbage never reaches the catalog.
func (a *agentAPI) samples(w http.ResponseWriter, r *http.Request) {
	c := bootCall(r.Context())
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, _ := mime.ParseMediaType(ct); mt != "application/octet-stream" {
			writeError(w, c.log, catalog.Errorf(catalog.KindInvalid, "samples: Content-Type %q: want application/octet-stream", ct))
			return
		}
	}
	body, err := readBody(w, r, catalog.MaxSampleChunk)
	if err != nil {
		writeError(w, c.log, err)
		return
	}
	if len(body) == 0 {
		writeError(w, c.log, catalog.Errorf(catalog.KindInvalid, "samples: empty body; want one usage segment"))
		return
	}
	if _, err := usage.Decode(body); err != nil {
		writeError(w, c.log, &catalog.Error{Kind: catalog.KindInvalid, Msg: "samples: not a usage segment", Err: err})
		return
	}
	if err := a.store.RecordSamples(r.Context(), c.token, body); err != nil {
		writeError(w, c.log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
