package web

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ironbase/ironbase/catalog"
)

func TestHostLifecycleOverAPI(t *testing.T) {
	f := newFixture(t)
	admin := f.tokens[catalog.RoleAdmin]
	const pw = "Bmc-Pa55-Unique-7731"
	if code, body := f.call(t, "POST", "/api/v1/pools", admin, `{"name":"lab","max_lease":"2h"}`); code != 201 ||
		!strings.Contains(body, `"max_lease": "2h0m0s"`) {
		t.Fatalf("create pool = %d %s", code, body)
	}
	req := `{"name":"n1","macs":["52:54:00:00:00:01"],"pool":"lab","tags":{"gpu":"nvidia"},
		"bmc":{"address":"127.0.0.1:9001","username":"admin","password":"` + pw + `"}}`
	code, created := f.call(t, "POST", "/api/v1/hosts", admin, req)
	if code != 201 {
		t.Fatalf("create host = %d %s", code, created)
	}
	_, shown := f.call(t, "GET", "/api/v1/hosts/n1", f.tokens[catalog.RoleViewer], "")
	_, listed := f.call(t, "GET", "/api/v1/hosts?pool=lab", f.tokens[catalog.RoleViewer], "")
	for _, body := range []string{created, shown, listed} {
		if strings.Contains(body, pw) || strings.Contains(body, "password") {
			t.Fatalf("a host reply shows the BMC password: %s", body)
		}
	}
	var h catalog.Host
	json.Unmarshal([]byte(shown), &h)
	if h.State != catalog.HostEnrolled || h.BMC == nil || h.BMC.Address != "127.0.0.1:9001" || h.Tags["gpu"] != "nvidia" {
		t.Fatalf("host = %+v", h)
	}
	for _, step := range []struct{ path, body, want string }{
		{"/api/v1/hosts/n1/maintenance", `{"on":true,"reason":"disk swap"}`, "maintenance"},
		{"/api/v1/hosts/n1/maintenance", `{"on":false}`, "provisioning"},
	} {
		code, body := f.call(t, "POST", step.path, admin, step.body)
		if code != 200 || !strings.Contains(body, `"state": "`+step.want+`"`) {
			t.Fatalf("POST %s %s = %d %s, want state %s", step.path, step.body, code, body, step.want)
		}
	}
}
