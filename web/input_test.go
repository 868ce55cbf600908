package web

import (
	"strings"
	"testing"

	"github.com/ironbase/ironbase/catalog"
)

func TestBadInputWritesNothing(t *testing.T) {
	f := newFixture(t)
	admin := f.tokens[catalog.RoleAdmin]
	f.call(t, "POST", "/api/v1/hosts", admin, `{"name":"taken","macs":["52:54:00:00:00:01"]}`)
	huge := `{"name":"` + strings.Repeat("a", 2<<20) + `"}`
	cases := []struct {
		name, path, body string
		code             int
		kind             string
	}{
		{"malformed JSON", "/api/v1/pools", `{"name":`, 400, "invalid"},
		{"not an object", "/api/v1/pools", `[1,2]`, 400, "invalid"},
		{"empty body", "/api/v1/pools", ``, 400, "invalid"},
		{"unknown field", "/api/v1/pools", `{"name":"p","colour":"red"}`, 400, "invalid"},
		{"two objects", "/api/v1/pools", `{"name":"p"}{"name":"q"}`, 400, "invalid"},
		{"oversized body", "/api/v1/pools", huge, 413, "too_large"},
		{"bad duration", "/api/v1/pools", `{"name":"p","heartbeat":"soon"}`, 400, "invalid"},
		{"bad pool name", "/api/v1/pools", `{"name":"Bad Name"}`, 400, "invalid"},
		{"duplicate MAC", "/api/v1/hosts", `{"name":"h2","macs":["52:54:00:00:00:01"]}`, 409, "conflict"},
		{"malformed MAC", "/api/v1/hosts", `{"name":"h2","macs":["52:54:00:00:00"]}`, 400, "invalid"},
		{"unknown pool", "/api/v1/hosts", `{"name":"h2","macs":["52:54:00:00:00:02"],"pool":"nope"}`, 404, "not_found"},
		{"BMC without password", "/api/v1/hosts", `{"name":"h2","macs":["52:54:00:00:00:02"],"bmc":{"address":"b","username":"u"}}`, 400, "invalid"},
		{"unknown role", "/api/v1/tokens", `{"name":"x","role":"root"}`, 400, "invalid"},
		{"illegal transition", "/api/v1/hosts/taken/accept", `{}`, 409, "conflict"},
		{"unknown host", "/api/v1/hosts/ghost/retire", `{}`, 404, "not_found"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := f.eventCount(t)
			code, body := f.call(t, "POST", tc.path, admin, tc.body)
			if code != tc.code || errorKind(t, body) != tc.kind {
				t.Fatalf("got %d %.200s, want %d %s", code, body, tc.code, tc.kind)
			}
			if f.eventCount(t) != before {
				t.Error("a refused request wrote events")
			}
		})
	}
}

func TestBadQueryParameters(t *testing.T) {
	f := newFixture(t)
	viewer := f.tokens[catalog.RoleViewer]
	for _, q := range []string{"/api/v1/events?since=-1", "/api/v1/events?since=x", "/api/v1/events?limit=0",
		"/api/v1/events?limit=5000", "/api/v1/events?wait=forever", "/api/v1/hosts?state=sleeping"} {
		if code, body := f.call(t, "GET", q, viewer, ""); code != 400 || errorKind(t, body) != "invalid" {
			t.Errorf("GET %s = %d %s, want 400 invalid", q, code, body)
		}
	}
}
