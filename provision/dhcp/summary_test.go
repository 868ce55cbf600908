package dhcp

import (
	"encoding/hex"
	"net/netip"
	"testing"
	"time"

	"github.com/insomniacslk/dhcp/dhcpv4"
)

// summary is the part of a reply the table tests compare.
type summary struct {
	Type, YIAddr, SIAddr, GIAddr, File, Dest string
	ServerID, Mask, Router, Lease            string
	Opt43, Opt60, Opt82, Opt97, Opt175       string
}

// summarize re-parses the reply from its wire bytes, as a client would.
func summarize(t *testing.T, r reply) summary {
	t.Helper()
	p, err := dhcpv4.FromBytes(r.pkt.ToBytes())
	if err != nil {
		t.Fatalf("reply does not parse: %v", err)
	}
	hexOpt := func(code uint8) string { return hex.EncodeToString(p.Options.Get(dhcpv4.GenericOptionCode(code))) }
	s := summary{
		Type: p.MessageType().String(), YIAddr: p.YourIPAddr.String(),
		SIAddr: p.ServerIPAddr.String(), GIAddr: p.GatewayIPAddr.String(),
		File: p.BootFileName, Dest: r.dest.String(),
		ServerID: p.ServerIdentifier().String(), Opt60: p.ClassIdentifier(),
		Opt43: hexOpt(43), Opt82: hexOpt(82), Opt97: hexOpt(97), Opt175: hexOpt(175),
	}
	if m := p.SubnetMask(); m != nil {
		s.Mask = m.String()
	}
	if rt := p.Router(); len(rt) > 0 {
		s.Router = rt[0].String()
	}
	if p.Options.Has(dhcpv4.OptionIPAddressLeaseTime) {
		s.Lease = p.IPAddressLeaseTime(0).String()
	}
	return s
}

// Addresses of the test segment.
var (
	testServerIP = netip.MustParseAddr("10.9.0.1")
	testFirst    = netip.MustParseAddr("10.9.0.100")
	testLast     = netip.MustParseAddr("10.9.0.110")
	knownMAC     = "52:54:00:00:00:01"
	knownIP      = netip.MustParseAddr("10.9.0.50")
)

// newTestServer builds a server on 10.9.0.0/24 with one enrolled host.
func newTestServer(t *testing.T, mode Mode, obs Observer) (*Server, *MemoryBackend) {
	t.Helper()
	clock := &fakeClock{now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
	be, err := NewMemoryBackend(testFirst, testLast, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	if err := be.AddHost(mustMAC(t, knownMAC), knownIP, "host-1"); err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{
		Mode: mode, ServerIP: testServerIP, AdvertiseURL: "http://10.9.0.1:8080",
		Subnet: netip.MustParsePrefix("10.9.0.0/24"), Gateway: testServerIP,
		Backend: be, Observer: obs, Logger: testLogger(t), Now: clock.Now,
	})
	if err != nil {
		t.Fatal(err)
	}
	return s, be
}
