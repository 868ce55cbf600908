package dhcp

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/insomniacslk/dhcp/dhcpv4"
)

// serverReply builds a raw OFFER from the server with identifier id.
func serverReply(t *testing.T, id string) []byte {
	t.Helper()
	p, err := dhcpv4.New(dhcpv4.WithHwAddr(mustMAC(t, "52:54:00:00:00:42")),
		dhcpv4.WithMessageType(dhcpv4.MessageTypeOffer),
		dhcpv4.WithYourIP(ip4("192.168.1.50")),
		dhcpv4.WithOption(dhcpv4.OptServerIdentifier(ip4(id))))
	if err != nil {
		t.Fatal(err)
	}
	p.OpCode = dhcpv4.OpcodeBootReply
	return p.ToBytes()
}

func TestRogueServerReported(t *testing.T) {
	rec := &recorder{}
	s, _ := newTestServer(t, ModeFull, rec)
	src := &net.UDPAddr{IP: ip4("10.9.0.254"), Port: 67}
	for range 3 {
		if _, ok := s.handle(context.Background(), serverReply(t, "10.9.0.254"), inbound{src: src, localPort: 67}); ok {
			t.Fatal("answered a server's OFFER")
		}
	}
	s.handle(context.Background(), serverReply(t, "10.9.0.1"), inbound{localPort: 67}) // our own: not rogue
	if got := counterValue(t, s.metrics.rogue); got != 3 {
		t.Errorf("rogue sightings: got %v, want 3", got)
	}
	if len(rec.rogue) != 1 {
		t.Fatalf("rogue reports: got %d, want 1 (repeats are rate-limited)", len(rec.rogue))
	}
	want := RogueServer{ServerID: addrOf(ip4("10.9.0.254")), Source: addrOf(ip4("10.9.0.254")), Client: mustMAC(t, "52:54:00:00:00:42"), Evidence: "offer"}
	if got := rec.rogue[0]; got.ServerID != want.ServerID || got.Source != want.Source || got.Evidence != want.Evidence || got.Client.String() != want.Client.String() {
		t.Errorf("got report %+v, want %+v", got, want)
	}
}

func TestRogueReportedAgainAfterQuietPeriod(t *testing.T) {
	var tr rogueTracker
	id := addrOf(ip4("10.9.0.254"))
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		at   time.Duration
		want bool
	}{{0, true}, {time.Minute, false}, {rogueReportEvery, true}} {
		if got := tr.due(id, t0.Add(tc.at)); got != tc.want {
			t.Errorf("due at +%v: got %v, want %v", tc.at, got, tc.want)
		}
	}
}

func TestProxyIgnoresOtherServers(t *testing.T) {
	rec := &recorder{}
	s, _ := newTestServer(t, ModeProxy, rec)
	s.handle(context.Background(), serverReply(t, "10.9.0.254"), inbound{localPort: 67})
	if len(rec.rogue) != 0 {
		t.Errorf("proxy mode reported %d rogue servers, want 0", len(rec.rogue))
	}
}

func TestClientSeenReported(t *testing.T) {
	rec := &recorder{}
	s, _ := newTestServer(t, ModeFull, rec)
	s.handle(context.Background(), packet(t, knownMAC, dhcpv4.MessageTypeDiscover, pxeBIOS...), inbound{localPort: 67})
	if len(rec.seen) != 1 {
		t.Fatalf("client reports: got %d, want 1", len(rec.seen))
	}
	got := rec.seen[0]
	if got.IP != knownIP || got.HostID != "host-1" || got.BootFile != "undionly.kpxe" || got.Arch != 0 || got.Type != "DISCOVER" {
		t.Errorf("got %+v, want host-1 at %v booting undionly.kpxe", got, knownIP)
	}
}
