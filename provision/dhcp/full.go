package dhcp

import (
	"context"
	"errors"
	"log/slog"

	"github.com/insomniacslk/dhcp/dhcpv4"
)

// answerFull handles a request in full mode; a nil reply means silence.
func (s *Server) answerFull(ctx context.Context, req *dhcpv4.DHCPv4, c client, log *slog.Logger) (*dhcpv4.DHCPv4, Lease) {
	switch req.MessageType() {
	case dhcpv4.MessageTypeDiscover:
		return s.offer(ctx, req, c, log)
	case dhcpv4.MessageTypeRequest:
		return s.ack(ctx, req, c, log)
	case dhcpv4.MessageTypeInform:
		return s.inform(req, c), Lease{}
	case dhcpv4.MessageTypeRelease, dhcpv4.MessageTypeDecline:
		s.release(ctx, req, log)
	}
	return nil, Lease{}
}

// offer answers a DISCOVER with an address from the backend.
func (s *Server) offer(ctx context.Context, req *dhcpv4.DHCPv4, c client, log *slog.Logger) (*dhcpv4.DHCPv4, Lease) {
	lease, err := s.cfg.Backend.Lease(ctx, s.leaseRequest(req, false))
	if err != nil {
		s.backendFailed(err, log)
		return nil, Lease{}
	}
	return s.addressReply(req, c, lease, dhcpv4.MessageTypeOffer), lease
}

// ack answers a REQUEST: ACK when the client may have the address it asks
// for, NAK when not, nothing when it chose another server's offer.
func (s *Server) ack(ctx context.Context, req *dhcpv4.DHCPv4, c client, log *slog.Logger) (*dhcpv4.DHCPv4, Lease) {
	if id := serverID(req); id.IsValid() && id != s.cfg.ServerIP {
		s.seeRogue(ctx, RogueServer{ServerID: id, Client: req.ClientHWAddr, Evidence: "client-selected"}, log)
		return nil, Lease{}
	}
	lr := s.leaseRequest(req, true)
	if lr.Requested.IsValid() && !lr.Relay.IsValid() && !s.cfg.Subnet.Contains(lr.Requested) {
		return s.nak(req, "address not on this segment"), Lease{}
	}
	lease, err := s.cfg.Backend.Lease(ctx, lr)
	switch {
	case errors.Is(err, ErrAddressUnavailable):
		return s.nak(req, "requested address unavailable"), Lease{}
	case err != nil:
		s.backendFailed(err, log)
		return nil, Lease{}
	case lr.Requested.IsValid() && lease.IP != lr.Requested:
		return s.nak(req, "requested address unavailable"), Lease{}
	}
	log.Info("dhcp lease", "ip", lease.IP, "host", lease.HostID)
	return s.addressReply(req, c, lease, dhcpv4.MessageTypeAck), lease
}

// leaseRequest builds the backend question for req.
func (s *Server) leaseRequest(req *dhcpv4.DHCPv4, commit bool) LeaseRequest {
	requested := addrOf(req.Options.Get(dhcpv4.OptionRequestedIPAddress))
	if !requested.IsValid() {
		requested = addrOf(req.ClientIPAddr)
	}
	return LeaseRequest{
		MAC:       req.ClientHWAddr,
		Requested: requested,
		Relay:     addrOf(req.GatewayIPAddr),
		Hostname:  req.HostName(),
		Commit:    commit,
		LeaseTime: s.cfg.LeaseTime,
	}
}

func (s *Server) backendFailed(err error, log *slog.Logger) {
	if errors.Is(err, ErrNoAddress) {
		s.metrics.drop(dropNoAddress)
		log.Warn("dhcp: no free address", "err", err)
		return
	}
	s.metrics.drop(dropBackend)
	log.Error("dhcp backend", "err", err)
}

// release hands a RELEASE or DECLINE for one of our addresses to the backend.
func (s *Server) release(ctx context.Context, req *dhcpv4.DHCPv4, log *slog.Logger) {
	if id := serverID(req); id.IsValid() && id != s.cfg.ServerIP {
		return
	}
	rel := ReleaseRequest{MAC: req.ClientHWAddr, IP: addrOf(req.ClientIPAddr)}
	if req.MessageType() == dhcpv4.MessageTypeDecline {
		rel = ReleaseRequest{MAC: req.ClientHWAddr, IP: addrOf(req.Options.Get(dhcpv4.OptionRequestedIPAddress)), Declined: true}
	}
	if !rel.IP.IsValid() {
		return
	}
	if err := s.cfg.Backend.Release(ctx, rel); err != nil {
		log.Error("dhcp release", "ip", rel.IP, "err", err)
	}
}
