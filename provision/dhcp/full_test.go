package dhcp

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/insomniacslk/dhcp/dhcpv4"
	"github.com/insomniacslk/dhcp/iana"
)

// fullReply is the summary of a plain full-mode OFFER or ACK.
func fullReply(typ, yiaddr string) summary {
	return summary{
		Type: typ, YIAddr: yiaddr, SIAddr: "0.0.0.0", GIAddr: "0.0.0.0",
		Dest: "255.255.255.255:68", ServerID: "10.9.0.1", Mask: "ffffff00",
		Router: "10.9.0.1", Lease: "1h0m0s",
	}
}

var (
	pxeBIOS = []dhcpv4.Modifier{
		dhcpv4.WithOption(dhcpv4.OptClassIdentifier("PXEClient:Arch:00000:UNDI:002001")),
		dhcpv4.WithOption(dhcpv4.OptClientArch(iana.INTEL_X86PC)),
		dhcpv4.WithGeneric(dhcpv4.OptionClientMachineIdentifier, []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}),
	}
	ourServerID = dhcpv4.WithOption(dhcpv4.OptServerIdentifier(ip4("10.9.0.1")))
)

func requested(ip string) dhcpv4.Modifier {
	return dhcpv4.WithOption(dhcpv4.OptRequestedIPAddress(ip4(ip)))
}

func TestHandleFull(t *testing.T) {
	pxe := fullReply("OFFER", "10.9.0.50")
	pxe.SIAddr, pxe.File, pxe.Opt60 = "10.9.0.1", "undionly.kpxe", "PXEClient"
	pxe.Opt43, pxe.Opt97 = "060108ff", "000102030405060708090a0b0c0d0e0f10"
	relayed := fullReply("OFFER", "10.9.0.100")
	relayed.GIAddr, relayed.Dest, relayed.Opt82 = "10.20.0.1", "10.20.0.1:67", "0104706f7274"
	nak := summary{Type: "NAK", YIAddr: "0.0.0.0", SIAddr: "0.0.0.0", GIAddr: "0.0.0.0", Dest: "255.255.255.255:68", ServerID: "10.9.0.1"}
	renew := fullReply("ACK", "10.9.0.50")
	renew.Dest = "10.9.0.50:68"
	inform := fullReply("ACK", "0.0.0.0")
	inform.Dest, inform.Lease = "10.9.0.60:68", ""
	relay := []dhcpv4.Modifier{
		dhcpv4.WithRelay(ip4("10.20.0.1")),
		dhcpv4.WithOption(dhcpv4.OptRelayAgentInfo(dhcpv4.OptGeneric(dhcpv4.GenericOptionCode(1), []byte("port")))),
	}
	tests := []struct {
		name string
		mac  string
		mt   dhcpv4.MessageType
		mods []dhcpv4.Modifier
		want *summary
	}{
		{"discover known", knownMAC, dhcpv4.MessageTypeDiscover, nil, ptr(fullReply("OFFER", "10.9.0.50"))},
		{"discover unknown", "52:54:00:00:00:99", dhcpv4.MessageTypeDiscover, nil, ptr(fullReply("OFFER", "10.9.0.100"))},
		{"request known", knownMAC, dhcpv4.MessageTypeRequest, []dhcpv4.Modifier{requested("10.9.0.50"), ourServerID}, ptr(fullReply("ACK", "10.9.0.50"))},
		{"request known wrong ip", knownMAC, dhcpv4.MessageTypeRequest, []dhcpv4.Modifier{requested("10.9.0.51"), ourServerID}, &nak},
		{"request off segment", "52:54:00:00:00:99", dhcpv4.MessageTypeRequest, []dhcpv4.Modifier{requested("192.0.2.7")}, &nak},
		{"request unknown", "52:54:00:00:00:99", dhcpv4.MessageTypeRequest, []dhcpv4.Modifier{requested("10.9.0.100"), ourServerID}, ptr(fullReply("ACK", "10.9.0.100"))},
		{"request for other server", knownMAC, dhcpv4.MessageTypeRequest, []dhcpv4.Modifier{requested("10.9.0.50"), dhcpv4.WithOption(dhcpv4.OptServerIdentifier(ip4("10.9.0.254")))}, nil},
		{"pxe bios discover", knownMAC, dhcpv4.MessageTypeDiscover, pxeBIOS, &pxe},
		{"relayed discover", "52:54:00:00:00:99", dhcpv4.MessageTypeDiscover, relay, &relayed},
		{"renewal unicast", knownMAC, dhcpv4.MessageTypeRequest, []dhcpv4.Modifier{dhcpv4.WithClientIP(ip4("10.9.0.50"))}, &renew},
		{"inform", knownMAC, dhcpv4.MessageTypeInform, []dhcpv4.Modifier{dhcpv4.WithClientIP(ip4("10.9.0.60"))}, &inform},
		{"release", knownMAC, dhcpv4.MessageTypeRelease, []dhcpv4.Modifier{dhcpv4.WithClientIP(ip4("10.9.0.50"))}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newTestServer(t, ModeFull, nil)
			r, ok := s.handle(context.Background(), packet(t, tt.mac, tt.mt, tt.mods...), inbound{localPort: 67})
			checkReply(t, r, ok, tt.want)
		})
	}
}

// checkReply compares a handler result with the wanted summary; nil means
// no reply.
func checkReply(t *testing.T, r reply, ok bool, want *summary) {
	t.Helper()
	if want == nil {
		if ok {
			t.Fatalf("got reply %v, want none", r.pkt.Summary())
		}
		return
	}
	if !ok {
		t.Fatal("got no reply, want one")
	}
	if diff := cmp.Diff(*want, summarize(t, r)); diff != "" {
		t.Errorf("reply mismatch (-want +got):\n%s", diff)
	}
}

func ptr[T any](v T) *T { return &v }
