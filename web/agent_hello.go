package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/ironbase/ironbase/catalog"
)

// Body limits of the agent protocol (docs/agent-protocol.md); a report
// is a JSON body (maxBody), samples are at most catalog.MaxSampleChunk.
const (
	maxHelloBody     = 256 << 10 // the catalog's limit on a stored hello
	maxHeartbeatBody = 4 << 10   // reserved: the body is read and ignored
)

// hello stores the agent's inventory and answers its orders.
func (a *agentAPI) hello(w http.ResponseWriter, r *http.Request) {
	c := bootCall(r.Context())
	body, err := readBody(w, r, maxHelloBody)
	if err == nil {
		err = jsonObject(body)
	}
	if err != nil {
		writeError(w, c.log, err)
		return
	}
	_, order, err := a.store.RecordHello(r.Context(), c.token, body)
	if err != nil {
		writeError(w, c.log, err)
		return
	}
	c.log.Info("agent hello", "image", c.src.Ticket.Image)
	writeJSON(w, http.StatusOK, order)
}

// heartbeat marks the boot alive and answers its orders.
func (a *agentAPI) heartbeat(w http.ResponseWriter, r *http.Request) {
	c := bootCall(r.Context())
	if _, err := readBody(w, r, maxHeartbeatBody); err != nil {
		writeError(w, c.log, err)
		return
	}
	order, err := a.store.Heartbeat(r.Context(), c.token)
	if err != nil {
		writeError(w, c.log, err)
		return
	}
	writeJSON(w, http.StatusOK, order)
}

// readBody reads the whole body, refusing more than limit bytes.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, catalog.Errorf(catalog.KindTooLarge, "request body larger than %d bytes", limit)
	}
	if err != nil {
		return nil, &catalog.Error{Kind: catalog.KindInvalid, Msg: "request body", Err: err}
	}
	return b, nil
}

// jsonObject accepts exactly one well-formed JSON object.
func jsonObject(b []byte) error {
	var v map[string]json.RawMessage
	if err := json.Unmarshal(b, &v); err != nil || v == nil {
		return &catalog.Error{Kind: catalog.KindInvalid, Msg: "request body: want one JSON object", Err: err}
	}
	return nil
}
