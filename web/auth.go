package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/ironbase/ironbase/catalog"
)

type tokenKey struct{}

// caller is the token a request authenticated with.
func caller(ctx context.Context) catalog.Token {
	t, _ := ctx.Value(tokenKey{}).(catalog.Token)
	return t
}

// require wraps h so it runs only for a live token of at least role need.
func (s *Server) require(need catalog.Role, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		secret, ok := bearer(r)
		if !ok {
			writeError(w, s.log, catalog.Errorf(catalog.KindUnauthenticated,
				"missing API token: send Authorization: Bearer TOKEN"))
			return
		}
		tok, err := s.cat.Authenticate(r.Context(), secret)
		if err != nil {
			writeError(w, s.log, err)
			return
		}
		if rec, ok := w.(*statusRecorder); ok {
			rec.token = tok.Name
		}
		if !tok.Role.Allows(need) {
			writeError(w, s.log, catalog.Errorf(catalog.KindForbidden,
				"token %s has role %s; this needs %s", tok.Name, tok.Role, need))
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), tokenKey{}, tok)))
	}
}

func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, secret, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(secret) == "" {
		return "", false
	}
	return strings.TrimSpace(secret), true
}
