package web

import (
	"context"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/power"
)

// fakePower records what it was asked.
type fakePower struct {
	mu    sync.Mutex
	calls []string
}

func (f *fakePower) State(_ context.Context, host string) (power.PowerState, error) {
	return power.StateOn, nil
}

func (f *fakePower) Do(_ context.Context, host string, r power.Request) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	boot := "-"
	if r.Boot != nil {
		boot = r.Boot.String()
	}
	f.calls = append(f.calls, host+" "+r.Action.String()+" "+boot)
	return nil
}

func (f *fakePower) SetBoot(_ context.Context, host string, spec power.BootSpec, _ string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, host+" bootdev "+spec.String())
	return nil
}

// withPower restarts f's server with a fake power service.
func withPower(t *testing.T, f *fixture) *fakePower {
	fp := &fakePower{}
	f.srv.Close()
	f.srv = httptest.NewServer(New(Config{Catalog: f.store, Logger: testLogger(t), Power: fp}))
	t.Cleanup(f.srv.Close)
	return fp
}

func newPowerFixture(t *testing.T) (fixture, *fakePower) {
	f := newFixture(t)
	fp := withPower(t, &f)
	admin := f.tokens[catalog.RoleAdmin]
	f.call(t, "POST", "/api/v1/hosts", admin, `{"name":"n1","macs":["52:54:00:00:00:01"],"firmware":"uefi"}`)
	f.call(t, "POST", "/api/v1/hosts", admin, `{"name":"n2","macs":["52:54:00:00:00:02"]}`)
	f.call(t, "POST", "/api/v1/hosts/n2/maintenance", admin, `{"on":true}`)
	return f, fp
}

func TestPowerRolesAndInvariant2(t *testing.T) {
	f, fp := newPowerFixture(t)
	cases := []struct {
		name, role, path, body string
		code                   int
		call                   string
	}{
		{"admin cycles with PXE first", "admin", "/api/v1/hosts/n1/power", `{"action":"cycle"}`, 200, "n1 cycle pxe next-boot efi"},
		{"admin powers a host in maintenance", "admin", "/api/v1/hosts/n2/power", `{"action":"off"}`, 200, "n2 off -"},
		{"admin on without boot device", "admin", "/api/v1/hosts/n2/power", `{"action":"on","boot":"none"}`, 200, "n2 on -"},
		{"admin sets bootdev", "admin", "/api/v1/hosts/n2/bootdev", `{"device":"disk","persistent":true}`, 200, "n2 bootdev disk persistent legacy"},
		{"scheduler may not power a host in maintenance", "scheduler", "/api/v1/hosts/n2/power", `{"action":"cycle"}`, 403, ""},
		{"scheduler may not power a host it does not hold", "scheduler", "/api/v1/hosts/n1/power", `{"action":"reset"}`, 403, ""},
		{"scheduler may not set bootdev", "scheduler", "/api/v1/hosts/n2/bootdev", `{"device":"pxe"}`, 403, ""},
		{"viewer may not act", "viewer", "/api/v1/hosts/n1/power", `{"action":"on"}`, 403, ""},
		{"unknown action", "admin", "/api/v1/hosts/n1/power", `{"action":"explode"}`, 400, ""},
		{"boot device with off", "admin", "/api/v1/hosts/n1/power", `{"action":"off","boot":"pxe"}`, 400, ""},
		{"bad device", "admin", "/api/v1/hosts/n1/bootdev", `{"device":"floppy"}`, 400, ""},
		{"unknown host", "admin", "/api/v1/hosts/ghost/power", `{"action":"on"}`, 404, ""},
	}
	roles := map[string]catalog.Role{"admin": catalog.RoleAdmin, "scheduler": catalog.RoleScheduler, "viewer": catalog.RoleViewer}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fp.calls = nil
			code, body := f.call(t, "POST", tc.path, f.tokens[roles[tc.role]], tc.body)
			if code != tc.code {
				t.Fatalf("got %d %s, want %d", code, body, tc.code)
			}
			if got := strings.Join(fp.calls, ";"); got != tc.call {
				t.Errorf("BMC was asked %q, want %q", got, tc.call)
			}
		})
	}
}

func TestPowerStatusAndUnconfigured(t *testing.T) {
	f, _ := newPowerFixture(t)
	code, body := f.call(t, "GET", "/api/v1/hosts/n1/power", f.tokens[catalog.RoleViewer], "")
	if code != 200 || !strings.Contains(body, `"state": "on"`) {
		t.Fatalf("status = %d %s", code, body)
	}
	plain := newFixture(t)
	plain.call(t, "POST", "/api/v1/hosts", plain.tokens[catalog.RoleAdmin], `{"name":"n1","macs":["52:54:00:00:00:01"]}`)
	code, body = plain.call(t, "POST", "/api/v1/hosts/n1/power", plain.tokens[catalog.RoleAdmin], `{"action":"on"}`)
	if code != 503 || errorKind(t, body) != "unavailable" {
		t.Fatalf("without power control: %d %s, want 503 unavailable", code, body)
	}
}
