package web

import (
	"strings"
	"testing"

	"github.com/ironbase/ironbase/catalog"
)

func TestAuthAndRoles(t *testing.T) {
	f := newFixture(t)
	pool := `{"name":"lab"}`
	cases := []struct {
		name, method, path, token, body string
		code                            int
		kind                            string
	}{
		{"no token", "GET", "/api/v1/hosts", "", "", 401, "unauthenticated"},
		{"wrong token", "GET", "/api/v1/hosts", "ibt_wrong", "", 401, "unauthenticated"},
		{"not a token", "GET", "/api/v1/hosts", "hello", "", 401, "unauthenticated"},
		{"viewer reads", "GET", "/api/v1/hosts", f.tokens[catalog.RoleViewer], "", 200, ""},
		{"viewer cannot add a pool", "POST", "/api/v1/pools", f.tokens[catalog.RoleViewer], pool, 403, "forbidden"},
		{"scheduler cannot add a pool", "POST", "/api/v1/pools", f.tokens[catalog.RoleScheduler], pool, 403, "forbidden"},
		{"scheduler cannot add a host", "POST", "/api/v1/hosts", f.tokens[catalog.RoleScheduler], `{"name":"h","macs":["52:54:00:00:00:01"]}`, 403, "forbidden"},
		{"scheduler cannot make tokens", "POST", "/api/v1/tokens", f.tokens[catalog.RoleScheduler], `{"name":"x","role":"admin"}`, 403, "forbidden"},
		{"scheduler cannot promote an image", "POST", "/api/v1/images/x/promote", f.tokens[catalog.RoleScheduler], `{"pool":"lab","force":true}`, 403, "forbidden"},
		{"scheduler cannot retire a host", "POST", "/api/v1/hosts/x/retire", f.tokens[catalog.RoleScheduler], `{}`, 403, "forbidden"},
		{"viewer cannot reserve", "POST", "/api/v1/reservations", f.tokens[catalog.RoleViewer], `{}`, 403, "forbidden"},
		{"viewer cannot list tokens", "GET", "/api/v1/tokens", f.tokens[catalog.RoleViewer], "", 403, "forbidden"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := f.eventCount(t)
			code, body := f.call(t, tc.method, tc.path, tc.token, tc.body)
			if code != tc.code {
				t.Fatalf("got %d %s, want %d", code, body, tc.code)
			}
			if tc.kind != "" && errorKind(t, body) != tc.kind {
				t.Errorf("kind = %s, want %s", errorKind(t, body), tc.kind)
			}
			if tc.code >= 400 && f.eventCount(t) != before {
				t.Error("a refused request wrote events")
			}
		})
	}
}

func TestRevokedTokenStopsAtOnce(t *testing.T) {
	f := newFixture(t)
	admin := f.tokens[catalog.RoleAdmin]
	if code, body := f.call(t, "DELETE", "/api/v1/tokens/viewer", admin, ""); code != 204 {
		t.Fatalf("revoke = %d %s", code, body)
	}
	if code, _ := f.call(t, "GET", "/api/v1/hosts", f.tokens[catalog.RoleViewer], ""); code != 401 {
		t.Fatalf("revoked token got %d, want 401", code)
	}
}

func TestTokenCreateShowsSecretOnce(t *testing.T) {
	f := newFixture(t)
	admin := f.tokens[catalog.RoleAdmin]
	code, body := f.call(t, "POST", "/api/v1/tokens", admin, `{"name":"ci","role":"scheduler"}`)
	if code != 201 || !strings.Contains(body, `"secret": "ibt_`) {
		t.Fatalf("create = %d %s", code, body)
	}
	_, list := f.call(t, "GET", "/api/v1/tokens", admin, "")
	if strings.Contains(list, "ibt_") || strings.Contains(list, "hash") {
		t.Fatalf("token list leaks secrets or hashes: %s", list)
	}
}
