package main

import (
	"net"
	"strings"
	"testing"

	"github.com/insomniacslk/dhcp/dhcpv4"
)

// The generator judges answers the way PXE firmware would need them.
func TestProxyProblem(t *testing.T) {
	g := &proxyLoad{file: "undionly.kpxe"}
	c := &pxeClient{mac: net.HardwareAddr{2, 5, 0, 0, 0, 1}, uuid: append([]byte{0}, make([]byte, 16)...)}
	good := func() *dhcpv4.DHCPv4 {
		req, err := g.packet(c, 7, dhcpv4.MessageTypeDiscover)
		if err != nil {
			t.Fatal(err)
		}
		m, _ := dhcpv4.NewReplyFromRequest(req, dhcpv4.WithMessageType(dhcpv4.MessageTypeOffer),
			dhcpv4.WithOption(dhcpv4.OptClassIdentifier("PXEClient")),
			dhcpv4.WithGeneric(dhcpv4.OptionClientMachineIdentifier, c.uuid))
		m.BootFileName = "undionly.kpxe"
		return m
	}
	if p := proxyProblem(good(), dhcpv4.MessageTypeOffer, c, g.file); p != "" {
		t.Fatalf("a valid proxy offer judged %q", p)
	}
	for name, tc := range map[string]struct {
		spoil func(*dhcpv4.DHCPv4)
		want  string
	}{
		"address":  {func(m *dhcpv4.DHCPv4) { m.YourIPAddr = net.IPv4(10, 0, 0, 9) }, "offered an address"},
		"class":    {func(m *dhcpv4.DHCPv4) { m.UpdateOption(dhcpv4.OptClassIdentifier("x")) }, "option 60"},
		"file":     {func(m *dhcpv4.DHCPv4) { m.BootFileName = "ipxe.efi" }, "boot file"},
		"uuid":     {func(m *dhcpv4.DHCPv4) { m.Options.Del(dhcpv4.OptionClientMachineIdentifier) }, "option 97"},
		"other":    {func(m *dhcpv4.DHCPv4) { m.ClientHWAddr = net.HardwareAddr{2, 5, 0, 0, 0, 2} }, "another MAC"},
		"msg type": {func(m *dhcpv4.DHCPv4) { m.UpdateOption(dhcpv4.OptMessageType(dhcpv4.MessageTypeNak)) }, "want OFFER"},
	} {
		m := good()
		tc.spoil(m)
		if p := proxyProblem(m, dhcpv4.MessageTypeOffer, c, g.file); !strings.Contains(p, tc.want) {
			t.Errorf("%s: judged %q, want %q", name, p, tc.want)
		}
	}
}
