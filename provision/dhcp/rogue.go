package dhcp

import (
	"context"
	"net"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/insomniacslk/dhcp/dhcpv4"
)

// rogueReportEvery limits how often one foreign server is reported.
const rogueReportEvery = 5 * time.Minute

// rogueTracker remembers when each foreign server was last reported.
type rogueTracker struct {
	mu   sync.Mutex
	last map[netip.Addr]time.Time
}

// due reports whether id should be reported now, and records it if so.
func (t *rogueTracker) due(id netip.Addr, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if at, ok := t.last[id]; ok && now.Sub(at) < rogueReportEvery {
		return false
	}
	if t.last == nil {
		t.last = make(map[netip.Addr]time.Time)
	}
	t.last[id] = now
	return true
}

// watchReply inspects a server reply seen on our sockets: in full mode an
// OFFER or ACK from anyone but us is a rogue server.
func (s *Server) watchReply(ctx context.Context, pkt *dhcpv4.DHCPv4, in inbound, log reqLogger) {
	if s.cfg.Mode != ModeFull {
		return
	}
	mt := msgType(pkt)
	if mt != dhcpv4.MessageTypeOffer && mt != dhcpv4.MessageTypeAck {
		return
	}
	id := serverID(pkt)
	if id == s.cfg.ServerIP {
		return
	}
	r := RogueServer{ServerID: id, Client: pkt.ClientHWAddr, Evidence: strings.ToLower(mt.String())}
	if src, ok := in.src.(*net.UDPAddr); ok {
		r.Source = addrOf(src.IP)
	}
	s.seeRogue(ctx, r, log)
}

// seeRogue counts every sighting of a foreign server and logs and reports
// it at most once per rogueReportEvery for each server identifier.
func (s *Server) seeRogue(ctx context.Context, r RogueServer, log reqLogger) {
	s.metrics.rogue.Inc()
	if !s.rogue.due(r.ServerID, s.cfg.Now()) {
		return
	}
	log.Error("ANOTHER DHCP SERVER IS ANSWERING ON THIS SEGMENT",
		"server_id", r.ServerID, "source", r.Source, "evidence", r.Evidence)
	s.cfg.Observer.RogueServer(ctx, r)
}
