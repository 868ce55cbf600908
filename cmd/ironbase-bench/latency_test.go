package main

import (
	"net"
	"net/netip"
	"os"
	"testing"
	"time"

	"github.com/insomniacslk/dhcp/dhcpv4"
)

func TestStandinReply(t *testing.T) {
	s := &standin{server: netip.MustParseAddr("10.99.0.1"), prefix: netip.MustParsePrefix("10.99.0.0/24"),
		httpURL: "http://10.99.0.1:8080", leases: map[string]netip.Addr{}}
	mac := net.HardwareAddr{0x52, 0x54, 0, 1, 2, 3}
	ipxe, _ := dhcpv4.NewDiscovery(mac, dhcpv4.WithUserClass("iPXE", false))
	plain, _ := dhcpv4.NewDiscovery(mac)
	other, _ := dhcpv4.NewDiscovery(net.HardwareAddr{0x52, 0x54, 0, 1, 2, 4})
	r, err := s.reply(ipxe)
	if err != nil || r.MessageType() != dhcpv4.MessageTypeOffer || r.BootFileName != "http://10.99.0.1:8080/boot.ipxe" ||
		!r.YourIPAddr.Equal(net.IPv4(10, 99, 0, 100)) || r.Options.Get(dhcpv4.GenericOptionCode(175)) == nil {
		t.Fatalf("iPXE discover: %v\n%v", err, r)
	}
	if r, _ := s.reply(plain); r.BootFileName != "" || !r.YourIPAddr.Equal(net.IPv4(10, 99, 0, 100)) {
		t.Errorf("userspace discover: file %q, yiaddr %s; want no file and the same lease", r.BootFileName, r.YourIPAddr)
	}
	if r, _ := s.reply(other); !r.YourIPAddr.Equal(net.IPv4(10, 99, 0, 101)) {
		t.Errorf("second MAC got %s, want 10.99.0.101", r.YourIPAddr)
	}
	req, _ := dhcpv4.NewRequestFromOffer(r)
	if r, _ := s.reply(req); r.MessageType() != dhcpv4.MessageTypeAck {
		t.Errorf("request answered with %s", r.MessageType())
	}
}

func TestProcStart(t *testing.T) {
	start, err := procStart(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if age := time.Since(start); age < 0 || age > time.Hour {
		t.Errorf("this process started %s ago", age)
	}
}

func TestHTTPPort(t *testing.T) {
	if p := httpPort("http://10.99.0.1:8080"); p != 8080 {
		t.Errorf("port %d", p)
	}
}
