package ui

import (
	"net/http"
	"strings"
)

type loginView struct {
	base
	Next  string
	Error string
}

func (u *UI) loginPage(w http.ResponseWriter, r *http.Request) {
	u.render(w, r, http.StatusOK, "login", loginView{base: base{Title: "Log in"}, Next: safeNext(r.URL.Query().Get("next"))})
}

// login exchanges an API token for a session cookie. The cookie holds only
// a random session id; the token stays on the server (docs/ui.md).
func (u *UI) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	secret := strings.TrimSpace(r.PostFormValue("token"))
	next := safeNext(r.PostFormValue("next"))
	tok, err := u.cat.Authenticate(r.Context(), secret)
	if err != nil {
		u.render(w, r, http.StatusUnauthorized, "login", loginView{base: base{Title: "Log in"}, Next: next,
			Error: "That token is not valid (or was revoked)."})
		return
	}
	id, err := u.sessions.create(secret)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: id, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil, MaxAge: int(maxTTL.Seconds())})
	u.log.Info("ui: login", "token", tok.Name, "role", tok.Role.String())
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (u *UI) logout(w http.ResponseWriter, r *http.Request) {
	u.sessions.delete(caller(r.Context()).sid)
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil, MaxAge: -1})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
