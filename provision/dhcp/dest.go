package dhcp

import (
	"net"

	"github.com/insomniacslk/dhcp/dhcpv4"
)

// Well-known DHCP ports.
const (
	serverPort = 67
	clientPort = 68
)

// destination says where a reply to req goes (RFC 2131 section 4.1):
// back to the sender for port 4011, to the relay's port 67 for relayed
// requests, broadcast for NAKs and clients without an address, otherwise
// to the client's address. Replies are never unicast to yiaddr: the
// client cannot answer ARP for it yet.
func destination(req, resp *dhcpv4.DHCPv4, in inbound) *net.UDPAddr {
	if in.localPort == pxeServerPort {
		if src, ok := in.src.(*net.UDPAddr); ok {
			return src
		}
	}
	if gi := addrOf(req.GatewayIPAddr); gi.IsValid() {
		if msgType(resp) == dhcpv4.MessageTypeNak {
			resp.SetBroadcast()
		}
		return &net.UDPAddr{IP: net.IP(gi.AsSlice()), Port: serverPort}
	}
	ci := addrOf(req.ClientIPAddr)
	if !ci.IsValid() || msgType(resp) == dhcpv4.MessageTypeNak {
		return &net.UDPAddr{IP: net.IPv4bcast, Port: clientPort}
	}
	return &net.UDPAddr{IP: net.IP(ci.AsSlice()), Port: clientPort}
}
