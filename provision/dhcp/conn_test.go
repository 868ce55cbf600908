package dhcp

import (
	"net"
	"testing"

	"github.com/insomniacslk/dhcp/dhcpv4"
	"golang.org/x/net/ipv4"

	"github.com/ironbase/ironbase/testsuite/prereq"
)

// TestReaderChecksInterface reads real packets over loopback through the
// control-message path Listen sets up, with the loopback index as "our"
// interface and then with another one.
func TestReaderChecksInterface(t *testing.T) {
	lo, err := net.InterfaceByName("lo")
	prereq.Need(t, err == nil, "a loopback interface named lo")
	for _, tc := range []struct {
		name    string
		ifIndex int
		want    bool
	}{{"our interface", lo.Index, true}, {"other interface", lo.Index + 1000, false}} {
		t.Run(tc.name, func(t *testing.T) {
			uc, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
			if err != nil {
				t.Fatal(err)
			}
			defer uc.Close()
			pc := ipv4.NewPacketConn(uc)
			if err := pc.SetControlMessage(ipv4.FlagInterface, true); err != nil {
				t.Fatal(err)
			}
			read := packetReader(&boundConn{UDPConn: uc, pc: pc, ifIndex: tc.ifIndex})
			raw := packet(t, knownMAC, dhcpv4.MessageTypeDiscover)
			if _, err := uc.WriteTo(raw, uc.LocalAddr()); err != nil {
				t.Fatal(err)
			}
			n, _, ok, err := read(make([]byte, maxPacket))
			if err != nil || n != len(raw) || ok != tc.want {
				t.Errorf("got n=%d ok=%v err=%v, want n=%d ok=%v", n, ok, err, len(raw), tc.want)
			}
		})
	}
}
