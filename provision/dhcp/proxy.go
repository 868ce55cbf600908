package dhcp

import (
	"github.com/insomniacslk/dhcp/dhcpv4"
)

// answerProxy handles a request in proxy mode. It answers only boot
// clients, never with an address: a DISCOVER on port 67 gets a proxy OFFER;
// on port 4011 (PXE boot-server discovery) a REQUEST or INFORM gets an ACK
// sent back to the client's own address.
func (s *Server) answerProxy(req *dhcpv4.DHCPv4, c client, in inbound, log reqLogger) *dhcpv4.DHCPv4 {
	if !c.booting() {
		return nil
	}
	var t dhcpv4.MessageType
	switch mt := msgType(req); {
	case in.localPort != pxeServerPort && mt == dhcpv4.MessageTypeDiscover:
		t = dhcpv4.MessageTypeOffer
	case in.localPort == pxeServerPort && (mt == dhcpv4.MessageTypeRequest || mt == dhcpv4.MessageTypeInform):
		t = dhcpv4.MessageTypeAck
	default:
		return nil
	}
	resp := s.newReply(req, t)
	if !s.withBoot(resp, req, c) {
		log.Warn("dhcp: no boot file for client architecture", "arch", c.archOrNone())
		return nil
	}
	return resp
}
