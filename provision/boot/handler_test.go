package boot

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ironbase/ironbase/catalog"
)

type fakeHosts map[string]catalog.Host

func (f fakeHosts) HostByMAC(_ context.Context, mac string) (catalog.Host, error) {
	if h, ok := f[mac]; ok {
		return h, nil
	}
	return catalog.Host{}, catalog.Errorf(catalog.KindNotFound, "no host has MAC %s", mac)
}

// PlanBoot plans a boot for hosts in "ready" and refuses the rest, as the
// catalog does for hosts with nothing to boot.
func (f fakeHosts) PlanBoot(_ context.Context, host string) (catalog.BootPlan, error) {
	for _, h := range f {
		if h.Name == host && h.State == catalog.HostReady {
			return catalog.BootPlan{Ticket: catalog.BootTicket{Host: host, Slot: "A", Token: "ibt_tok"}, Cmdline: "console=ttyS0",
				Image: catalog.Image{Digest: "sha256:feed", Artifacts: []catalog.Artifact{
					{Role: "kernel", Digest: "sha256:aa"}, {Role: "initrd", Digest: "sha256:bb"}}}}, nil
		}
	}
	for _, h := range f {
		if h.Name == host {
			return catalog.BootPlan{}, catalog.Errorf(catalog.KindConflict, "host %s is %s", host, h.State)
		}
	}
	return catalog.BootPlan{}, catalog.Errorf(catalog.KindNotFound, "host %s not found", host)
}

func TestHandler(t *testing.T) {
	h := &Handler{Logger: slog.New(slog.DiscardHandler), Hosts: fakeHosts{
		"52:54:00:00:00:01": {Name: "n1", State: catalog.HostNew},
		"52:54:00:00:00:02": {Name: "n2", State: catalog.HostMaintenance, Reason: "disk swap"},
		"52:54:00:00:00:04": {Name: "n4", State: catalog.HostReady},
	}}
	for _, tc := range []struct {
		query string
		code  int
		want  string
	}{
		{"mac=52:54:00:00:00:01", 200, "host n1 is new"},
		{"mac=52:54:00:00:00:04", 200, "kernel http://example.com/boot/artifacts/sha256:aa initrd=initrd console=ttyS0 " +
			"ironbase.server=http://example.com ironbase.host=n4 ironbase.boot=ibt_tok ironbase.slot=A ironbase.image=sha256:feed"},
		{"mac=52-54-00-00-00-02", 200, "host n2 is maintenance"},
		{"mac=52:54:00:00:00:03", 200, "unknown MAC 52:54:00:00:00:03"},
		{"mac=nonsense", 400, "invalid MAC"},
		{"", 400, "invalid MAC"},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/boot/ipxe?"+tc.query, nil))
		if rec.Code != tc.code || !strings.Contains(rec.Body.String(), tc.want) {
			t.Errorf("GET ?%s = %d %q; want %d containing %q", tc.query, rec.Code, rec.Body.String(), tc.code, tc.want)
		}
		if tc.code == 200 && !strings.HasPrefix(rec.Body.String(), "#!ipxe\n") {
			t.Errorf("GET ?%s: not an iPXE script", tc.query)
		}
	}
}
