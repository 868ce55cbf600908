package web

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"

	"github.com/ironbase/ironbase/catalog"
)

// maxBody caps every JSON request body.
const maxBody = 1 << 20

// decode reads exactly one JSON object of type T from r's body: bounded in
// size, no unknown fields, nothing after it.
func decode[T any](w http.ResponseWriter, r *http.Request) (T, error) {
	var v T
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return v, bodyError(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		return v, catalog.Errorf(catalog.KindInvalid, "request body: want one JSON object, found more after it")
	}
	return v, nil
}

func bodyError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return catalog.Errorf(catalog.KindTooLarge, "request body larger than %d bytes", maxBody)
	}
	if errors.Is(err, io.EOF) {
		return catalog.Errorf(catalog.KindInvalid, "request body: empty; want a JSON object")
	}
	return &catalog.Error{Kind: catalog.KindInvalid, Msg: "request body: malformed JSON", Err: err}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v) //nolint:errcheck // the client went away
}

// writeError maps err to its status and a JSON error body. Internal errors
// are logged in full and shown to the client only as "internal error".
func writeError(w http.ResponseWriter, log *slog.Logger, err error) {
	kind := catalog.KindOf(err)
	msg := err.Error()
	if kind == catalog.KindInternal {
		log.Error("internal error", "err", err)
		msg = "internal error"
	}
	if kind == catalog.KindUnauthenticated {
		w.Header().Set("WWW-Authenticate", `Bearer realm="ironbase"`)
	}
	writeJSON(w, kind.HTTPStatus(), ErrorBody{Error: ErrorDetail{Kind: kind.String(), Message: msg}})
}
