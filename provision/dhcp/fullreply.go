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
	set(resp.Options, dhcpv4.OptionIPAddressLeaseTime, s.opts.leaseTime)
	set(resp.Options, dhcpv4.OptionRenewTimeValue, s.opts.renewal)
	set(resp.Options, dhcpv4.OptionRebindingTimeValue, s.opts.rebinding)
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
	set(resp.Options, dhcpv4.OptionSubnetMask, s.opts.mask)
	if s.opts.router != nil {
		set(resp.Options, dhcpv4.OptionRouter, s.opts.router)
	}
	if s.opts.dns != nil {
		set(resp.Options, dhcpv4.OptionDomainNameServer, s.opts.dns)
	}
}

// nak refuses a REQUEST.
func (s *Server) nak(req *dhcpv4.DHCPv4, why string) *dhcpv4.DHCPv4 {
	resp := s.newReply(req, dhcpv4.MessageTypeNak)
	resp.UpdateOption(dhcpv4.OptMessage(why))
	return resp
}

// echoedOptions are copied from a request into its reply.
var echoedOptions = [...]dhcpv4.OptionCode{dhcpv4.OptionRelayAgentInformation, dhcpv4.OptionClientIdentifier}

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
	for _, code := range echoedOptions {
		if v := req.Options.Get(code); v != nil {
			set(resp.Options, code, v) // the request's bytes, only read
		}
	}
	if t == dhcpv4.MessageTypeAck && msgType(req) == dhcpv4.MessageTypeInform {
		resp.ClientIPAddr = req.ClientIPAddr
	}
	set(resp.Options, dhcpv4.OptionDHCPMessageType, s.opts.msgType[t])
	set(resp.Options, dhcpv4.OptionServerIdentifier, s.opts.serverID)
	return resp
}

func ips(addrs []netip.Addr) []net.IP {
	out := make([]net.IP, 0, len(addrs))
	for _, a := range addrs {
		out = append(out, net.IP(a.AsSlice()))
	}
	return out
}
