package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ironbase/ironbase/catalog"
)

type fixture struct {
	srv    *httptest.Server
	store  *catalog.Store
	tokens map[catalog.Role]string
}

func newFixture(t *testing.T) fixture {
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
	f := fixture{store: store, tokens: map[catalog.Role]string{}}
	for _, r := range []catalog.Role{catalog.RoleAdmin, catalog.RoleScheduler, catalog.RoleViewer} {
		secret, _, err := store.CreateToken(context.Background(), r.String(), r, "test")
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[r] = secret
	}
	f.srv = httptest.NewServer(New(Config{Catalog: store, Logger: testLogger(t)}))
	t.Cleanup(f.srv.Close)
	return f
}

// call sends body (a string, sent as is) with token and returns status and body.
func (f fixture) call(t *testing.T, method, path, token, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, f.srv.URL+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (f fixture) eventCount(t *testing.T) int {
	t.Helper()
	evs, err := f.store.ListEvents(context.Background(), catalog.EventFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return len(evs)
}

// errorKind decodes an error body and returns its kind, failing the test
// when the body is not the documented JSON error shape.
func errorKind(t *testing.T, body string) string {
	t.Helper()
	var eb ErrorBody
	if err := json.Unmarshal([]byte(body), &eb); err != nil || eb.Error.Kind == "" || eb.Error.Message == "" {
		t.Fatalf("error body %q is not {\"error\":{\"kind\",\"message\"}}", body)
	}
	return eb.Error.Kind
}

func TestHealthz(t *testing.T) {
	f := newFixture(t)
	code, body := f.call(t, "GET", "/healthz", "", "")
	if code != 200 || !strings.Contains(body, `"ok"`) {
		t.Fatalf("GET /healthz = %d %s", code, body)
	}
}

func TestUnknownAPIPathIsJSON404(t *testing.T) {
	f := newFixture(t)
	code, body := f.call(t, "GET", "/api/v1/nope", "", "")
	if code != 404 || errorKind(t, body) != "not_found" {
		t.Fatalf("got %d %s", code, body)
	}
}
