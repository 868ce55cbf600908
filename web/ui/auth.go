package ui

import (
	"context"
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"

	"github.com/ironbase/ironbase/catalog"
)

const (
	admin     = catalog.RoleAdmin
	scheduler = catalog.RoleScheduler
	viewer    = catalog.RoleViewer
)

const cookieName = "ironbase_session"

// who is the logged-in caller of a request.
type who struct {
	tok  catalog.Token
	sid  string
	csrf string
	// since is the newest event id when the request came in, read before
	// the page's data: the page's stream resumes there, so nothing that
	// happens between the read and the stream's start is missed.
	since int64
}

type whoKey struct{}

func caller(ctx context.Context) who {
	w, _ := ctx.Value(whoKey{}).(who)
	return w
}

// authenticate finds the request's session and re-checks its token.
func (u *UI) authenticate(r *http.Request) (who, error) {
	c, err := r.Cookie(cookieName)
	if err != nil {
		return who{}, catalog.Errorf(catalog.KindUnauthenticated, "not logged in")
	}
	se, ok := u.sessions.get(c.Value)
	if !ok {
		return who{}, catalog.Errorf(catalog.KindUnauthenticated, "session expired: log in again")
	}
	tok, err := u.cat.Authenticate(r.Context(), se.secret)
	if err != nil {
		u.sessions.delete(c.Value)
		return who{}, err
	}
	return who{tok: tok, sid: c.Value, csrf: se.csrf, since: u.cat.LastEventID()}, nil
}

// page wraps a GET page: no session sends the browser to the login page.
func (u *UI) page(need catalog.Role, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, err := u.authenticate(r)
		if err != nil {
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		if !c.tok.Role.Allows(need) {
			u.fail(w, r, forbidden(c.tok, need))
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), whoKey{}, c)))
	}
}

// fragment wraps what the page's script fetches: no redirects, a status.
func (u *UI) fragment(need catalog.Role, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, err := u.authenticate(r)
		if err == nil && !c.tok.Role.Allows(need) {
			err = forbidden(c.tok, need)
		}
		if err != nil {
			http.Error(w, err.Error(), catalog.KindOf(err).HTTPStatus())
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), whoKey{}, c)))
	}
}

// act wraps a POST: a session, the session's CSRF token in the form (the
// cross-origin check has already run), and the role.
func (u *UI) act(need catalog.Role, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, err := u.authenticate(r)
		if err == nil && !validCSRF(w, r, c.csrf) {
			err = catalog.Errorf(catalog.KindForbidden, "missing or wrong CSRF token: reload the page and try again")
		}
		if err == nil && !c.tok.Role.Allows(need) {
			err = forbidden(c.tok, need)
		}
		if err != nil {
			u.log.Warn("ui: action refused", "path", r.URL.Path, "err", err)
			u.fail(w, r, err)
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), whoKey{}, c)))
	}
}

func validCSRF(w http.ResponseWriter, r *http.Request, want string) bool {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	got := r.PostFormValue("csrf")
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

func forbidden(tok catalog.Token, need catalog.Role) error {
	return catalog.Errorf(catalog.KindForbidden, "token %s has role %s; this needs %s", tok.Name, tok.Role, need)
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}
