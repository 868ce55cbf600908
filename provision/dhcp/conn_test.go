package dhcp

import (
	"bytes"
	"net"
	"testing"

	"github.com/insomniacslk/dhcp/dhcpv4"
	"golang.org/x/net/ipv4"

	"github.com/ironbase/ironbase/testsuite/prereq"
)

// TestReaderChecksInterface reads real packets over loopback through the
// control-message path Listen sets up, in batches (recvmmsg), with the loopback index as "our"
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
			src := newPacketSource(&boundConn{UDPConn: uc, pc: pc, ifIndex: tc.ifIndex})
			raw := packet(t, knownMAC, dhcpv4.MessageTypeDiscover)
			for range 3 {
				if _, err := uc.WriteTo(raw, uc.LocalAddr()); err != nil {
					t.Fatal(err)
				}
			}
			for got := 0; got < 3; {
				n, err := src.read()
				if err != nil || n < 1 {
					t.Fatalf("read: got %d packets, err %v", n, err)
				}
				for i := range n {
					b, from, ok := src.packet(i)
					if !bytes.Equal(b, raw) || ok != tc.want || from.String() != uc.LocalAddr().String() {
						t.Errorf("packet %d: got %d bytes from %v, ok=%v; want %d bytes from %v, ok=%v",
							got+i, len(b), from, ok, len(raw), uc.LocalAddr(), tc.want)
					}
				}
				got += n
			}
		})
	}
}
