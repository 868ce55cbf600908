package ui

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ironbase/ironbase/catalog"
)

func TestLoginSetsASafeCookie(t *testing.T) {
	f := newFixture(t, nil)
	resp, err := noRedirect().Get(f.srv.URL + "/hosts/n1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login?next=") {
		t.Fatalf("no session: got %d to %q, want 303 to the login page", resp.StatusCode, resp.Header.Get("Location"))
	}
	secret := f.tokens[catalog.RoleViewer]
	resp, err = noRedirect().PostForm(f.srv.URL+"/login", url.Values{"token": {secret}, "next": {"//evil.example/"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); loc != "/" {
		t.Errorf("login redirect: got %q, want / (an off-site next is dropped)", loc)
	}
	cs := resp.Cookies()
	if len(cs) != 1 || !cs[0].HttpOnly || cs[0].SameSite != http.SameSiteStrictMode || cs[0].Path != "/" {
		t.Fatalf("cookie: got %+v, want one HttpOnly SameSite=Strict cookie", cs)
	}
	if strings.Contains(cs[0].Value, secret) || strings.Contains(cs[0].Value, secret[4:20]) {
		t.Errorf("the session cookie carries the API token")
	}
}

func TestLoginRefusesABadToken(t *testing.T) {
	f := newFixture(t, nil)
	resp, err := noRedirect().PostForm(f.srv.URL+"/login", url.Values{"token": {"ibt_nope"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || len(resp.Cookies()) != 0 {
		t.Errorf("bad token: got %d with %d cookies, want 401 and none", resp.StatusCode, len(resp.Cookies()))
	}
}

func TestRevokedTokenEndsItsSessions(t *testing.T) {
	f := newFixture(t, nil)
	b := f.login(t, catalog.RoleViewer)
	if err := f.store.RevokeToken(t.Context(), "viewer", "test"); err != nil {
		t.Fatal(err)
	}
	if status, body := b.get("/"); !strings.Contains(body, "Log in") {
		t.Errorf("after revocation: got %d without the login page", status)
	}
}

func TestViewerSeesNoActionButtons(t *testing.T) {
	f := newFixture(t, nil)
	f.addHost(t, "n1", 1, nil)
	for _, tc := range []struct {
		role    catalog.Role
		buttons bool
	}{{catalog.RoleViewer, false}, {catalog.RoleScheduler, false}, {catalog.RoleAdmin, true}} {
		t.Run(tc.role.String(), func(t *testing.T) {
			_, body := f.login(t, tc.role).get("/hosts/n1")
			if got := strings.Contains(body, `class="act"`); got != tc.buttons {
				t.Errorf("action forms on the host page: got %v, want %v", got, tc.buttons)
			}
			if strings.Contains(body, "Power cycle") != tc.buttons {
				t.Errorf("power cycle button shown to %s: %v", tc.role, !tc.buttons)
			}
		})
	}
}

func TestForgedPostsAreRefused(t *testing.T) {
	f := newFixture(t, nil)
	f.addHost(t, "n1", 1, nil)
	admin := f.login(t, catalog.RoleAdmin)
	_, page := admin.get("/hosts/n1")
	token := admin.csrf(page)
	viewer := f.login(t, catalog.RoleViewer)
	_, vpage := viewer.get("/hosts/n1")
	form := func(csrf string) url.Values { return url.Values{"do": {"cycle"}, "confirm": {"yes"}, "csrf": {csrf}} }
	for _, tc := range []struct {
		name   string
		b      *browser
		form   url.Values
		origin string
	}{
		{"no CSRF token", admin, url.Values{"do": {"cycle"}, "confirm": {"yes"}}, f.srv.URL},
		{"wrong CSRF token", admin, form("x" + token), f.srv.URL},
		{"another session's token", admin, form(viewer.csrf(vpage)), f.srv.URL},
		{"cross-origin", admin, form(token), "https://evil.example"},
		{"viewer with its own token", viewer, form(viewer.csrf(vpage)), f.srv.URL},
		{"no session", &browser{t: t, c: &http.Client{}, url: f.srv.URL}, form(token), f.srv.URL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, _ := tc.b.postWith("/hosts/n1/action", tc.form, tc.origin)
			if status != http.StatusForbidden && status != http.StatusUnauthorized {
				t.Errorf("got %d, want 403 or 401", status)
			}
		})
	}
	if len(f.power.calls) != 0 {
		t.Fatalf("a refused POST reached the power service: %v", f.power.calls)
	}
	if status, body := admin.post("/hosts/n1/action", form(token)); status != http.StatusOK || !strings.Contains(body, "power cycle sent") {
		t.Errorf("the real form: got %d\n%s", status, body)
	}
	if strings.Join(f.power.calls, ";") != "n1 cycle" {
		t.Errorf("power calls: got %v, want [n1 cycle]", f.power.calls)
	}
}

func TestActionsAskForConfirmation(t *testing.T) {
	f := newFixture(t, nil)
	f.addHost(t, "n1", 1, nil)
	admin := f.login(t, catalog.RoleAdmin)
	_, page := admin.get("/hosts/n1")
	status, body := admin.post("/hosts/n1/action", url.Values{"do": {"off"}, "csrf": {admin.csrf(page)}})
	if status != http.StatusOK || !strings.Contains(body, `name="confirm" value="yes"`) {
		t.Errorf("unconfirmed POST: got %d without a confirmation form", status)
	}
	if len(f.power.calls) != 0 {
		t.Errorf("an unconfirmed action ran: %v", f.power.calls)
	}
}

func TestMayPowerMatchesTheAPI(t *testing.T) {
	reserved := catalog.Host{Name: "n1", State: catalog.HostReserved}
	maint := catalog.Host{Name: "n1", State: catalog.HostMaintenance}
	tok := func(name string, r catalog.Role) catalog.Token { return catalog.Token{Name: name, Role: r} }
	for _, tc := range []struct {
		name   string
		tok    catalog.Token
		h      catalog.Host
		holder string
		ok     bool
	}{
		{"admin, maintenance", tok("a", catalog.RoleAdmin), maint, "", true},
		{"holder, reserved", tok("ci", catalog.RoleScheduler), reserved, "ci", true},
		{"other scheduler", tok("ci2", catalog.RoleScheduler), reserved, "ci", false},
		{"scheduler, maintenance", tok("ci", catalog.RoleScheduler), maint, "", false},
		{"viewer holder name", tok("ci", catalog.RoleViewer), reserved, "ci", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := mayPower(tc.tok, tc.h, tc.holder) == nil; got != tc.ok {
				t.Errorf("got %v, want %v", got, tc.ok)
			}
		})
	}
}

func noRedirect() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}
