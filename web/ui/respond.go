package ui

import (
	"encoding/json"
	"net/http"
	"net/url"
)

// scriptHeader marks a form the page's script submitted with fetch after
// its confirmation dialog; it gets a JSON result instead of a redirect.
const scriptHeader = "X-Ironbase-UI"

func fromScript(r *http.Request) bool { return r.Header.Get(scriptHeader) == "1" }

// result is an action's outcome as the page's script reads it.
type result struct {
	OK       bool   `json:"ok"`
	Message  string `json:"message"`
	Redirect string `json:"redirect,omitempty"`
}

func writeResult(w http.ResponseWriter, status int, res result) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(res) //nolint:errcheck // the client went away
}

// done answers a successful action: JSON for the script, or a flash
// message and a redirect back (post/redirect/get) for a plain form.
func (u *UI) done(w http.ResponseWriter, r *http.Request, msg, back string) {
	u.log.Info("ui: action", "token", caller(r.Context()).tok.Name, "path", r.URL.Path, "result", msg)
	if fromScript(r) {
		writeResult(w, http.StatusOK, result{OK: true, Message: msg, Redirect: back})
		return
	}
	u.sessions.setFlash(caller(r.Context()).sid, msg)
	http.Redirect(w, r, back, http.StatusSeeOther)
}

type confirmView struct {
	base
	Question string
	Action   string
	Fields   url.Values
	Back     string
}

// confirmed reports whether the form says the user confirmed it; if not,
// it shows a confirmation page (the path a browser without script takes)
// and nothing is done.
func (u *UI) confirmed(w http.ResponseWriter, r *http.Request, question, back string) bool {
	if r.PostFormValue("confirm") == "yes" {
		return true
	}
	fields := url.Values{}
	for k, v := range r.PostForm {
		if k != "csrf" && k != "confirm" {
			fields[k] = v
		}
	}
	v := confirmView{base: u.base(r, "Confirm", ""), Question: question, Action: r.URL.Path, Fields: fields, Back: back}
	u.render(w, r, http.StatusOK, "confirm", v)
	return false
}
