package dhcp

import (
	"net"
	"net/netip"

	"github.com/insomniacslk/dhcp/dhcpv4"
)

// addressReply builds an OFFER or ACK carrying lease.IP and the segment's
// options, plus boot options for boot clients.
func (s *Server) addressReply(req *dhcpv4.DHCPv4, c client, lease Lease, t dhcpv4.MessageType) *dhcpv4.DHCPv4 {
	resp := s.newReply(req, t)
	resp.YourIPAddr = net.IP(lease.IP.AsSlice())
	s.segmentOptions(resp)
	lt := s.cfg.LeaseTime
	resp.UpdateOption(dhcpv4.OptIPAddressLeaseTime(lt))
	resp.UpdateOption(dhcpv4.OptRenewTimeValue(lt / 2))
	resp.UpdateOption(dhcpv4.OptRebindingTimeValue(lt * 7 / 8))
	if c.booting() {
		s.withBoot(resp, req, c)
	}
	return resp
}

// inform answers an INFORM: options only, no address, no lease time.
func (s *Server) inform(req *dhcpv4.DHCPv4, c client) *dhcpv4.DHCPv4 {
	resp := s.newReply(req, dhcpv4.MessageTypeAck)
	s.segmentOptions(resp)
	if c.booting() {
		s.withBoot(resp, req, c)
	}
	return resp
}

// segmentOptions adds subnet mask, router and DNS.
func (s *Server) segmentOptions(resp *dhcpv4.DHCPv4) {
	resp.UpdateOption(dhcpv4.OptSubnetMask(net.CIDRMask(s.cfg.Subnet.Bits(), 32)))
	if s.cfg.Gateway.IsValid() {
		resp.UpdateOption(dhcpv4.OptRouter(net.IP(s.cfg.Gateway.AsSlice())))
	}
	if len(s.cfg.DNS) > 0 {
		resp.UpdateOption(dhcpv4.OptDNS(ips(s.cfg.DNS)...))
	}
}

// nak refuses a REQUEST.
func (s *Server) nak(req *dhcpv4.DHCPv4, why string) *dhcpv4.DHCPv4 {
	resp := s.newReply(req, dhcpv4.MessageTypeNak)
	resp.UpdateOption(dhcpv4.OptMessage(why))
	return resp
}

// newReply starts a reply to req of type t from us.
func (s *Server) newReply(req *dhcpv4.DHCPv4, t dhcpv4.MessageType) *dhcpv4.DHCPv4 {
	resp := &dhcpv4.DHCPv4{
		OpCode:        dhcpv4.OpcodeBootReply,
		HWType:        req.HWType,
		TransactionID: req.TransactionID,
		Flags:         req.Flags,
		ClientIPAddr:  net.IPv4zero,
		YourIPAddr:    net.IPv4zero,
		ServerIPAddr:  net.IPv4zero,
		GatewayIPAddr: req.GatewayIPAddr,
		ClientHWAddr:  req.ClientHWAddr,
		Options:       dhcpv4.Options{},
	}
	for _, code := range []dhcpv4.OptionCode{dhcpv4.OptionRelayAgentInformation, dhcpv4.OptionClientIdentifier} {
		if v := req.Options.Get(code); v != nil {
			resp.UpdateOption(dhcpv4.OptGeneric(code, v))
		}
	}
	if t == dhcpv4.MessageTypeAck && req.MessageType() == dhcpv4.MessageTypeInform {
		resp.ClientIPAddr = req.ClientIPAddr
	}
	resp.UpdateOption(dhcpv4.OptMessageType(t))
	resp.UpdateOption(dhcpv4.OptServerIdentifier(net.IP(s.cfg.ServerIP.AsSlice())))
	return resp
}

func ips(addrs []netip.Addr) []net.IP {
	out := make([]net.IP, 0, len(addrs))
	for _, a := range addrs {
		out = append(out, net.IP(a.AsSlice()))
	}
	return out
}
