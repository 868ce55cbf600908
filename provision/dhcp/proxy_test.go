package dhcp

import (
	"context"
	"net"
	"testing"

	"github.com/insomniacslk/dhcp/dhcpv4"
	"github.com/insomniacslk/dhcp/iana"
)

// pxeClient returns the options of a PXE ROM of architecture arch.
func pxeClient(arch iana.Arch) []dhcpv4.Modifier {
	return []dhcpv4.Modifier{
		dhcpv4.WithOption(dhcpv4.OptClassIdentifier("PXEClient:Arch:00007:UNDI:003016")),
		dhcpv4.WithOption(dhcpv4.OptClientArch(arch)),
	}
}

// ipxeClient returns the options iPXE sends.
func ipxeClient() []dhcpv4.Modifier {
	return append(pxeClient(iana.INTEL_X86PC), dhcpv4.WithUserClass("iPXE", false))
}

// proxyReply is the summary of a proxy answer booting file.
func proxyReply(typ, file, dest string) summary {
	return summary{
		Type: typ, YIAddr: "0.0.0.0", SIAddr: "10.9.0.1", GIAddr: "0.0.0.0",
		File: file, Dest: dest, ServerID: "10.9.0.1", Opt60: "PXEClient", Opt43: "060108ff",
	}
}

func TestHandleProxy(t *testing.T) {
	const bcast = "255.255.255.255:68"
	ipxe := proxyReply("OFFER", "http://10.9.0.1:8080/boot/ipxe?mac=52:54:00:ab:cd:ef", bcast)
	ipxe.Opt175 = "b00101"
	src := &net.UDPAddr{IP: ip4("10.9.0.77"), Port: 68}
	tests := []struct {
		name string
		mt   dhcpv4.MessageType
		port int
		mods []dhcpv4.Modifier
		want *summary
	}{
		{"plain client ignored", dhcpv4.MessageTypeDiscover, 67, nil, nil},
		{"pxe discover", dhcpv4.MessageTypeDiscover, 67, pxeClient(iana.EFI_X86_64), ptr(proxyReply("OFFER", "ipxe.efi", bcast))},
		{"ipxe discover", dhcpv4.MessageTypeDiscover, 67, ipxeClient(), &ipxe},
		{"request on 67 ignored", dhcpv4.MessageTypeRequest, 67, pxeClient(iana.EFI_X86_64), nil},
		{"request on 4011", dhcpv4.MessageTypeRequest, 4011, pxeClient(iana.EFI_X86_64), ptr(proxyReply("ACK", "ipxe.efi", src.String()))},
		{"discover on 4011 ignored", dhcpv4.MessageTypeDiscover, 4011, pxeClient(iana.EFI_X86_64), nil},
		{"unknown arch ignored", dhcpv4.MessageTypeDiscover, 67, pxeClient(iana.EFI_ITANIUM), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newTestServer(t, ModeProxy, nil)
			raw := packet(t, "52:54:00:AB:CD:EF", tt.mt, tt.mods...)
			r, ok := s.handle(context.Background(), raw, inbound{src: src, localPort: tt.port})
			checkReply(t, r, ok, tt.want)
		})
	}
}

func TestBootFileByArch(t *testing.T) {
	const base = "http://10.9.0.1:8080/boot/"
	tests := []struct {
		name string
		mods []dhcpv4.Modifier
		want string
	}{
		{"no option 93", []dhcpv4.Modifier{dhcpv4.WithOption(dhcpv4.OptClassIdentifier("PXEClient"))}, "undionly.kpxe"},
		{"bios", pxeClient(iana.INTEL_X86PC), "undionly.kpxe"},
		{"efi bc", pxeClient(iana.EFI_BC), "ipxe.efi"},
		{"efi x86-64", pxeClient(iana.EFI_X86_64), "ipxe.efi"},
		{"efi arm64", pxeClient(iana.EFI_ARM64), "ipxe-arm64.efi"},
		{"http x86-64", pxeClient(iana.EFI_X86_64_HTTP), base + "ipxe.efi"},
		{"http arm64", pxeClient(iana.EFI_ARM64_HTTP), base + "ipxe-arm64.efi"},
		{"ipxe", ipxeClient(), base + "ipxe?mac=52:54:00:00:00:07"},
	}
	for _, mode := range []Mode{ModeFull, ModeProxy} {
		for _, tt := range tests {
			t.Run(mode.String()+"/"+tt.name, func(t *testing.T) {
				s, _ := newTestServer(t, mode, nil)
				raw := packet(t, "52:54:00:00:00:07", dhcpv4.MessageTypeDiscover, tt.mods...)
				r, ok := s.handle(context.Background(), raw, inbound{localPort: 67})
				if !ok {
					t.Fatal("got no reply")
				}
				if got := summarize(t, r).File; got != tt.want {
					t.Errorf("boot file: got %q, want %q", got, tt.want)
				}
			})
		}
	}
}

func TestHTTPClientGetsHTTPClientClass(t *testing.T) {
	s, _ := newTestServer(t, ModeProxy, nil)
	raw := packet(t, "52:54:00:00:00:08", dhcpv4.MessageTypeDiscover,
		dhcpv4.WithOption(dhcpv4.OptClassIdentifier("HTTPClient:Arch:00016:UNDI:003001")),
		dhcpv4.WithOption(dhcpv4.OptClientArch(iana.EFI_X86_64_HTTP)))
	r, ok := s.handle(context.Background(), raw, inbound{localPort: 67})
	if !ok {
		t.Fatal("got no reply")
	}
	if got := summarize(t, r); got.Opt60 != "HTTPClient" || got.Opt43 != "" {
		t.Errorf("got option 60 %q and 43 %q, want HTTPClient and none", got.Opt60, got.Opt43)
	}
}
