package ui

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/power"
)

// fixture is the UI over a real catalog in a temp dir, with a fake power
// service, and one token per role.
type fixture struct {
	srv    *httptest.Server
	store  *catalog.Store
	power  *fakePower
	tokens map[catalog.Role]string
}

func newFixture(t *testing.T, wrap func(*catalog.Store) Catalog) fixture {
	t.Helper()
	dir := t.TempDir()
	sealer, err := catalog.LoadOrCreateKey(filepath.Join(dir, "key"))
	if err != nil {
		t.Fatal(err)
	}
	store, err := catalog.Open(context.Background(), catalog.Config{Path: filepath.Join(dir, "db"), Sealer: sealer})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	f := fixture{store: store, power: &fakePower{}, tokens: map[catalog.Role]string{}}
	for _, r := range []catalog.Role{catalog.RoleAdmin, catalog.RoleScheduler, catalog.RoleViewer} {
		secret, _, err := store.CreateToken(context.Background(), r.String(), r, "test")
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[r] = secret
	}
	var c Catalog = store
	if wrap != nil {
		c = wrap(store)
	}
	log := slog.New(slog.NewTextHandler(tWriter{t}, nil))
	f.srv = httptest.NewServer(New(Config{Catalog: c, Power: f.power, Logger: log}))
	t.Cleanup(f.srv.Close)
	return f
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// browser is an HTTP client with a cookie jar that sends Origin like a
// browser does on a same-origin POST.
type browser struct {
	t   *testing.T
	c   *http.Client
	url string
}

func (f fixture) login(t *testing.T, role catalog.Role) *browser {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	b := &browser{t: t, c: &http.Client{Jar: jar}, url: f.srv.URL}
	if status, body := b.post("/login", url.Values{"token": {f.tokens[role]}}); status != http.StatusOK || !strings.Contains(body, "Fleet") {
		t.Fatalf("login as %s: %d\n%s", role, status, body)
	}
	return b
}

func (b *browser) get(path string) (int, string) {
	b.t.Helper()
	resp, err := b.c.Get(b.url + path)
	if err != nil {
		b.t.Fatal(err)
	}
	return readAll(b.t, resp)
}

func (b *browser) post(path string, form url.Values) (int, string) {
	return b.postWith(path, form, b.url)
}

func (b *browser) postWith(path string, form url.Values, origin string) (int, string) {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.url+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	return readAll(b.t, resp)
}

func readAll(t *testing.T, resp *http.Response) (int, string) {
	t.Helper()
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf reads the session's CSRF token from a page.
func (b *browser) csrf(page string) string {
	b.t.Helper()
	m := csrfRE.FindStringSubmatch(page)
	if m == nil {
		b.t.Fatalf("no CSRF token in the page")
	}
	return m[1]
}

// fakePower records what it is asked and reports a fixed state.
type fakePower struct {
	calls []string
}

func (p *fakePower) State(context.Context, string) (power.PowerState, error) {
	return power.StateOff, nil
}

func (p *fakePower) Do(_ context.Context, host string, r power.Request) error {
	p.calls = append(p.calls, host+" "+r.Action.String())
	return nil
}

func (p *fakePower) SetBoot(_ context.Context, host string, s power.BootSpec, _ string) error {
	p.calls = append(p.calls, host+" boot "+s.String())
	return nil
}

// addHost enrols host number i of pool "lab" with a BMC (the fake power
// service answers for it).
func (f fixture) addHost(t *testing.T, name string, i int, tags map[string]string) {
	t.Helper()
	ctx := context.Background()
	if _, err := f.store.Pool(ctx, "lab"); err != nil {
		if _, err := f.store.CreatePool(ctx, catalog.Pool{Name: "lab"}, "test"); err != nil {
			t.Fatal(err)
		}
	}
	mac := fmt.Sprintf("52:54:00:00:%02x:%02x", i/256, i%256)
	_, err := f.store.CreateHost(ctx, catalog.NewHost{Name: name, MACs: []string{mac}, Pool: "lab", Tags: tags,
		BMC: &catalog.BMCCredentials{BMCInfo: catalog.BMCInfo{Address: "127.0.0.1:1623", Username: "u"}, Password: "p"}}, "test")
	if err != nil {
		t.Fatal(err)
	}
}
