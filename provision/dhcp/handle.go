package dhcp

import (
	"context"
	"log/slog"
	"net"
	"net/netip"

	"github.com/insomniacslk/dhcp/dhcpv4"
)

// pxeServerPort is the PXE boot-server port a proxy also serves.
const pxeServerPort = 4011

// inbound describes where a packet arrived.
type inbound struct {
	src       net.Addr // sender, when known
	localPort int      // the port it arrived on (67 or 4011)
}

// reply is one packet to send and where to send it.
type reply struct {
	pkt  *dhcpv4.DHCPv4
	dest *net.UDPAddr
}

// handle turns one raw packet into at most one reply. It never panics on
// bad input: malformed packets are counted and dropped.
func (s *Server) handle(ctx context.Context, raw []byte, in inbound) (reply, bool) {
	req, reason := parse(raw)
	if reason != "" {
		s.metrics.drop(reason)
		return reply{}, false
	}
	log := s.log.With("mac", req.ClientHWAddr.String(), "xid", req.TransactionID.String())
	if req.OpCode == dhcpv4.OpcodeBootReply {
		s.watchReply(ctx, req, in, log)
		return reply{}, false
	}
	s.metrics.request(req.MessageType())
	resp, seen := s.answer(ctx, req, in, log)
	if resp == nil {
		return reply{}, false
	}
	s.metrics.reply(resp.MessageType())
	seen.BootFile = resp.BootFileName
	s.cfg.Observer.ClientSeen(ctx, seen)
	log.Debug("dhcp reply", "type", resp.MessageType().String(),
		"yiaddr", resp.YourIPAddr.String(), "file", resp.BootFileName)
	return reply{pkt: resp, dest: destination(req, resp, in)}, true
}

// answer dispatches on mode and message type; nil means no reply.
func (s *Server) answer(ctx context.Context, req *dhcpv4.DHCPv4, in inbound, log *slog.Logger) (*dhcpv4.DHCPv4, ClientSeen) {
	c := classify(req)
	seen := ClientSeen{MAC: req.ClientHWAddr, Type: req.MessageType().String(), Arch: c.archOrNone(), IPXE: c.ipxe}
	if s.cfg.Mode == ModeProxy {
		return s.answerProxy(req, c, in, log), seen
	}
	resp, lease := s.answerFull(ctx, req, c, log)
	seen.IP, seen.HostID = lease.IP, lease.HostID
	return resp, seen
}

// serverID returns option 54 of pkt, or the zero Addr.
func serverID(pkt *dhcpv4.DHCPv4) netip.Addr {
	return addrOf(pkt.Options.Get(dhcpv4.OptionServerIdentifier))
}

// addrOf converts a 4-byte slice or net.IP to an IPv4 Addr; zero if invalid
// or unspecified.
func addrOf(b []byte) netip.Addr {
	if ip4 := net.IP(b).To4(); ip4 != nil {
		if a := netip.AddrFrom4([4]byte(ip4)); !a.IsUnspecified() {
			return a
		}
	}
	return netip.Addr{}
}
