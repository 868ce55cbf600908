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

func TestHandler(t *testing.T) {
	h := &Handler{Logger: slog.New(slog.DiscardHandler), Hosts: fakeHosts{
		"52:54:00:00:00:01": {Name: "n1", State: catalog.HostNew},
		"52:54:00:00:00:02": {Name: "n2", State: catalog.HostMaintenance, Reason: "disk swap"},
	}}
	for _, tc := range []struct {
		query string
		code  int
		want  string
	}{
		{"mac=52:54:00:00:00:01", 200, "ironbase host accept n1"},
		{"mac=52-54-00-00-00-02", 200, "held in maintenance: disk swap"},
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
