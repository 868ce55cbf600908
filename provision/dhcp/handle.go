package dhcp

import (
	"context"
	"net"
	"net/netip"
	"time"

	"github.com/insomniacslk/dhcp/dhcpv4"
)

// pxeServerPort is the PXE boot-server port a proxy also serves.
const pxeServerPort = 4011

// inbound describes where a packet arrived.
type inbound struct {
	src       net.Addr  // sender, when known
	localPort int       // the port it arrived on (67 or 4011)
	at        time.Time // when it was read; zero: now
}

// reply is one packet to send and where to send it; pkt nil means silence.
type reply struct {
	pkt  *dhcpv4.DHCPv4
	dest *net.UDPAddr
}

// handle turns one raw packet into at most one reply, waiting for it.
func (s *Server) handle(ctx context.Context, raw []byte, in inbound) (reply, bool) {
	ch := make(chan reply, 1)
	s.process(ctx, raw, in, func(r reply) { ch <- r })
	r := <-ch
	return r, r.pkt != nil
}

// process turns one raw packet into at most one reply and calls respond
// exactly once with it (pkt nil: no answer). respond may run later, on
// another goroutine, when the answer waits for a batched commit. It never
// panics on bad input: malformed packets are counted and dropped.
func (s *Server) process(ctx context.Context, raw []byte, in inbound, respond func(reply)) {
	req, reason := parse(raw)
	if reason != "" {
		s.metrics.drop(reason)
		respond(reply{})
		return
	}
	log := reqLogger{base: s.log, req: req}
	if req.OpCode == dhcpv4.OpcodeBootReply {
		s.watchReply(ctx, req, in, log)
		respond(reply{})
		return
	}
	s.metrics.request(msgType(req))
	c := classify(req)
	seen := ClientSeen{MAC: req.ClientHWAddr, Type: msgType(req).String(), Arch: c.archOrNone(), IPXE: c.ipxe}
	finish := func(resp *dhcpv4.DHCPv4, lease Lease) {
		respond(s.finish(ctx, req, in, resp, seen, lease, log))
	}
	if s.cfg.Mode == ModeProxy {
		finish(s.answerProxy(req, c, in, log), Lease{})
		return
	}
	at := in.at
	if at.IsZero() {
		at = s.cfg.Now()
	}
	s.answerFull(ctx, req, c, at, log, finish)
}

// finish counts and reports an answer and says where it goes.
func (s *Server) finish(ctx context.Context, req *dhcpv4.DHCPv4, in inbound, resp *dhcpv4.DHCPv4,
	seen ClientSeen, lease Lease, log reqLogger) reply {
	if resp == nil {
		return reply{}
	}
	s.metrics.reply(msgType(resp))
	seen.IP, seen.HostID, seen.BootFile = lease.IP, lease.HostID, resp.BootFileName
	s.cfg.Observer.ClientSeen(ctx, seen)
	if log.enabled(ctx, levelDebug) {
		log.get().Debug("dhcp reply", "type", msgType(resp).String(),
			"yiaddr", resp.YourIPAddr.String(), "file", resp.BootFileName)
	}
	return reply{pkt: resp, dest: destination(req, resp, in)}
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
