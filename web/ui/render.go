package ui

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

// base is what every page's layout needs.
type base struct {
	Title string
	Nav   string // which menu entry is current
	User  string
	Role  string
	CSRF  string
	Flash string
	Admin bool // may act on hosts and images
	Sched bool // may reserve and release
	// Live is the event stream URL the page follows ("" for none), and
	// Since the event id it starts after.
	Live  string
	Since int64
}

// pageNames are the templates under templates/ that are whole pages.
var pageNames = []string{"login", "fleet", "host", "images", "image", "reservations", "reservation",
	"events", "confirm", "error"}

// pages holds one template set per page: the layout, the shared
// partials and the page's own file.
type pages struct {
	sets map[string]*template.Template
	frag *template.Template
}

func mustParsePages(now func() time.Time) *pages {
	p := &pages{sets: map[string]*template.Template{}}
	funcs := templateFuncs(now)
	for _, name := range pageNames {
		p.sets[name] = template.Must(template.New(name).Funcs(funcs).ParseFS(assets,
			"templates/layout.html", "templates/partials.html", "templates/"+name+".html"))
	}
	p.frag = template.Must(template.New("frag").Funcs(funcs).ParseFS(assets, "templates/partials.html"))
	return p
}

// base fills the layout's fields for the request's caller.
func (u *UI) base(r *http.Request, title, nav string) base {
	c := caller(r.Context())
	return base{Title: title, Nav: nav, User: c.tok.Name, Role: c.tok.Role.String(), CSRF: c.csrf,
		Flash: u.sessions.takeFlash(c.sid), Admin: c.tok.Role.Allows(admin), Sched: c.tok.Role.Allows(scheduler),
		Since: c.since}
}

// render executes a page into a buffer first, so a template error is a
// clean 500 rather than half a page.
func (u *UI) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var buf bytes.Buffer
	if err := u.pages.sets[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		u.log.Error("ui: render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes()) //nolint:errcheck // the client went away
}

// renderFrag executes one partial (for the page's script).
func (u *UI) renderFrag(w http.ResponseWriter, name string, data any) {
	var buf bytes.Buffer
	if err := u.pages.frag.ExecuteTemplate(&buf, name, data); err != nil {
		u.log.Error("ui: render fragment", "fragment", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes()) //nolint:errcheck // the client went away
}

type errorView struct {
	base
	Status  int
	Kind    string
	Message string
}

// fail shows an error page (or, for the page's script, a JSON error) with
// the status of the error's kind. Internal errors are logged, not shown.
func (u *UI) fail(w http.ResponseWriter, r *http.Request, err error) {
	kind := catalog.KindOf(err)
	msg := err.Error()
	if kind == catalog.KindInternal {
		u.log.Error("ui: internal error", "path", r.URL.Path, "err", err)
		msg = "internal error (see the server log)"
	}
	if fromScript(r) {
		writeResult(w, kind.HTTPStatus(), result{Message: msg})
		return
	}
	v := errorView{Status: kind.HTTPStatus(), Kind: kind.String(), Message: msg}
	if c := caller(r.Context()); c.sid != "" {
		v.base = u.base(r, "Error", "")
	}
	v.Title = fmt.Sprintf("%d %s", v.Status, http.StatusText(v.Status))
	u.render(w, r, v.Status, "error", v)
}

func (u *UI) notFound(w http.ResponseWriter, r *http.Request) {
	u.fail(w, r, catalog.Errorf(catalog.KindNotFound, "no page %s", r.URL.Path))
}
