package dhcp

import (
	"context"
	"log/slog"
	"testing"

	"github.com/insomniacslk/dhcp/dhcpv4"
)

// BenchmarkProcessDORA is the server's own work for one DORA (a DISCOVER
// and a REQUEST through parse, backend, reply and encoding), without
// sockets: the part of a DORA's CPU that is ours rather than the kernel's
// or the catalog's.
func BenchmarkProcessDORA(b *testing.B) {
	s, _ := newTestServer(&testing.T{}, ModeFull, nil)
	s.log = slog.New(slog.DiscardHandler)
	ctx := context.Background()
	discover := packet(b, "52:54:00:00:00:05", dhcpv4.MessageTypeDiscover, dhcpv4.WithGatewayIP(ip4("10.9.0.2")))
	request := packet(b, "52:54:00:00:00:05", dhcpv4.MessageTypeRequest, dhcpv4.WithGatewayIP(ip4("10.9.0.2")),
		dhcpv4.WithOption(dhcpv4.OptRequestedIPAddress(ip4("10.9.0.100"))))
	sink := func(r reply) {
		if r.pkt != nil {
			b := s.bufs.get()
			*b = appendMessage(*b, r.pkt)
			s.bufs.put(b)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		s.process(ctx, discover, inbound{localPort: 67}, sink)
		s.process(ctx, request, inbound{localPort: 67}, sink)
	}
}
