package dhcp

import (
	"net/netip"
	"strings"
	"testing"
)

func TestNewRejectsBadConfig(t *testing.T) {
	be, err := NewMemoryBackend(testFirst, testLast, nil)
	if err != nil {
		t.Fatal(err)
	}
	subnet := netip.MustParsePrefix("10.9.0.0/24")
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"no mode", Config{ServerIP: testServerIP}, "mode"},
		{"no server ip", Config{Mode: ModeProxy}, "server IP"},
		{"full without subnet", Config{Mode: ModeFull, ServerIP: testServerIP, Backend: be}, "subnet"},
		{"full without backend", Config{Mode: ModeFull, ServerIP: testServerIP, Subnet: subnet}, "backend"},
		{"server outside subnet", Config{Mode: ModeFull, ServerIP: netip.MustParseAddr("10.8.0.1"), Subnet: subnet, Backend: be}, "outside"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

func TestParseMode(t *testing.T) {
	for _, m := range []Mode{ModeFull, ModeProxy} {
		if got, err := ParseMode(m.String()); err != nil || got != m {
			t.Errorf("ParseMode(%q) = %v, %v; want %v", m.String(), got, err, m)
		}
	}
	if _, err := ParseMode("off"); err == nil {
		t.Error(`ParseMode("off"): got no error`)
	}
}

func TestProxyNeedsNoBackend(t *testing.T) {
	s, err := New(Config{Mode: ModeProxy, ServerIP: testServerIP})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.cfg.AdvertiseURL; got != "http://10.9.0.1" {
		t.Errorf("default advertise URL: got %q, want http://10.9.0.1", got)
	}
}
