package dhcp

import (
	"context"
	"testing"

	"github.com/insomniacslk/dhcp/dhcpv4"
)

// malformedSeeds are broken packets and the drop reason each must count.
func malformedSeeds(t testing.TB) map[string]struct {
	raw    []byte
	reason string
} {
	good := packet(t, knownMAC, dhcpv4.MessageTypeDiscover)
	badCookie := append([]byte(nil), good...)
	badCookie[237] = 0
	// Option 12 claiming 200 bytes where 3 remain.
	pastEnd := append(append([]byte(nil), good[:240]...), 53, 1, 1, 12, 200, 'a', 'b', 'c')
	noType := append(append([]byte(nil), good[:240]...), 255)
	badOp := append([]byte(nil), good...)
	badOp[0] = 7
	longHW := append([]byte(nil), good...)
	longHW[2] = 16
	return map[string]struct {
		raw    []byte
		reason string
	}{
		"empty":              {nil, dropTruncated},
		"truncated header":   {good[:100], dropTruncated},
		"wrong magic cookie": {badCookie, dropBadCookie},
		"option past end":    {pastEnd, dropBadOptions},
		"no message type":    {noType, dropNoMessageType},
		"bad opcode":         {badOp, dropBadOpcode},
		"16-byte hw address": {longHW, dropBadHWAddr},
	}
}

func TestMalformedDropped(t *testing.T) {
	for name, tc := range malformedSeeds(t) {
		t.Run(name, func(t *testing.T) {
			s, _ := newTestServer(t, ModeFull, nil)
			if _, ok := s.handle(context.Background(), tc.raw, inbound{localPort: 67}); ok {
				t.Fatal("answered a malformed packet")
			}
			if got := counterValue(t, s.metrics.drops.WithLabelValues(tc.reason)); got != 1 {
				t.Errorf("drops{reason=%q}: got %v, want 1", tc.reason, got)
			}
		})
	}
}

func FuzzHandle(f *testing.F) {
	for _, tc := range malformedSeeds(f) {
		f.Add(tc.raw, uint16(67))
	}
	f.Add(packet(f, knownMAC, dhcpv4.MessageTypeDiscover, pxeBIOS...), uint16(67))
	f.Add(packet(f, "52:54:00:00:00:09", dhcpv4.MessageTypeRequest, append(ipxeClient(), requested("10.9.0.100"))...), uint16(4011))
	f.Add(packet(f, knownMAC, dhcpv4.MessageTypeInform, dhcpv4.WithRelay(ip4("10.20.0.1"))), uint16(67))
	f.Fuzz(func(t *testing.T, raw []byte, port uint16) {
		for _, mode := range []Mode{ModeFull, ModeProxy} {
			s, _ := newTestServer(t, mode, nil)
			r, ok := s.handle(context.Background(), raw, inbound{localPort: int(port)})
			if !ok {
				continue
			}
			if _, err := dhcpv4.FromBytes(r.pkt.ToBytes()); err != nil {
				t.Fatalf("our reply does not parse: %v", err)
			}
			checkEncode(t, r.pkt) // our encoder writes the library's bytes
			if mode == ModeProxy && !r.pkt.YourIPAddr.IsUnspecified() {
				t.Fatalf("proxy mode handed out %v", r.pkt.YourIPAddr)
			}
		}
	})
}
