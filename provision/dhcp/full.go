package dhcp

import (
	"context"
	"errors"
	"time"

	"github.com/insomniacslk/dhcp/dhcpv4"
)

// answerer receives a full-mode answer; a nil reply means silence.
type answerer func(resp *dhcpv4.DHCPv4, lease Lease)

// answerFull handles a request in full mode and calls answer exactly once.
func (s *Server) answerFull(ctx context.Context, req *dhcpv4.DHCPv4, c client, at time.Time, log reqLogger, answer answerer) {
	switch msgType(req) {
	case dhcpv4.MessageTypeDiscover:
		s.offer(ctx, req, c, at, log, answer)
		return
	case dhcpv4.MessageTypeRequest:
		s.ack(ctx, req, c, at, log, answer)
		return
	case dhcpv4.MessageTypeInform:
		answer(s.inform(req, c), Lease{})
		return
	case dhcpv4.MessageTypeRelease, dhcpv4.MessageTypeDecline:
		s.release(ctx, req, at, log)
	}
	answer(nil, Lease{})
}

// offer answers a DISCOVER with an address from the backend.
func (s *Server) offer(ctx context.Context, req *dhcpv4.DHCPv4, c client, at time.Time, log reqLogger, answer answerer) {
	s.lease(ctx, s.leaseRequest(req, false, at), func(lease Lease, err error) {
		if err != nil {
			s.backendFailed(err, log)
			answer(nil, Lease{})
			return
		}
		answer(s.addressReply(req, c, lease, dhcpv4.MessageTypeOffer), lease)
	})
}

// ack answers a REQUEST: ACK when the client may have the address it asks
// for, NAK when not, nothing when it chose another server's offer.
func (s *Server) ack(ctx context.Context, req *dhcpv4.DHCPv4, c client, at time.Time, log reqLogger, answer answerer) {
	if id := serverID(req); id.IsValid() && id != s.cfg.ServerIP {
		s.seeRogue(ctx, RogueServer{ServerID: id, Client: req.ClientHWAddr, Evidence: "client-selected"}, log)
		answer(nil, Lease{})
		return
	}
	lr := s.leaseRequest(req, true, at)
	if lr.Requested.IsValid() && !lr.Relay.IsValid() && !s.cfg.Subnet.Contains(lr.Requested) {
		answer(s.nak(req, "address not on this segment"), Lease{})
		return
	}
	s.lease(ctx, lr, func(lease Lease, err error) {
		switch {
		case errors.Is(err, ErrAddressUnavailable):
			answer(s.nak(req, "requested address unavailable"), Lease{})
		case err != nil:
			s.backendFailed(err, log)
			answer(nil, Lease{})
		case lr.Requested.IsValid() && lease.IP != lr.Requested:
			answer(s.nak(req, "requested address unavailable"), Lease{})
		default:
			if log.enabled(ctx, levelInfo) {
				log.get().Info("dhcp lease", "ip", lease.IP, "host", lease.HostID)
			}
			answer(s.addressReply(req, c, lease, dhcpv4.MessageTypeAck), lease)
		}
	})
}

// lease asks the backend: an AsyncBackend directly (it never blocks), a
// synchronous one on the worker pool, so the read loop never waits.
func (s *Server) lease(ctx context.Context, lr LeaseRequest, done func(Lease, error)) {
	if ab, ok := s.cfg.Backend.(AsyncBackend); ok {
		ab.LeaseAsync(ctx, lr, done)
		return
	}
	s.blocking(lr.Deadline, func(err error) {
		if err != nil {
			done(Lease{}, err)
			return
		}
		done(s.cfg.Backend.Lease(ctx, lr))
	})
}

// blocking runs fn on the worker pool (inline outside Serve). fn gets
// ErrOverload when the queue is full and ErrStale when it waited past
// deadline: then it must only answer with silence.
func (s *Server) blocking(deadline time.Time, fn func(error)) {
	if s.pool == nil {
		fn(nil)
		return
	}
	if !s.pool.submit(deadline, fn) {
		fn(ErrOverload)
	}
}

// leaseRequest builds the backend question for req, which arrived at at.
func (s *Server) leaseRequest(req *dhcpv4.DHCPv4, commit bool, at time.Time) LeaseRequest {
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
		Deadline:  at.Add(s.cfg.StaleAfter),
	}
}

func (s *Server) backendFailed(err error, log reqLogger) {
	switch {
	case errors.Is(err, ErrStale):
		s.metrics.drop(dropStale)
		return
	case errors.Is(err, ErrOverload):
		s.metrics.drop(dropOverload)
		return
	}
	if errors.Is(err, ErrNoAddress) {
		s.metrics.drop(dropNoAddress)
		log.Warn("dhcp: no free address", "err", err)
		return
	}
	s.metrics.drop(dropBackend)
	log.Error("dhcp backend", "err", err)
}

// release hands a RELEASE or DECLINE for one of our addresses to the backend.
func (s *Server) release(ctx context.Context, req *dhcpv4.DHCPv4, at time.Time, log reqLogger) {
	if id := serverID(req); id.IsValid() && id != s.cfg.ServerIP {
		return
	}
	rel := ReleaseRequest{MAC: req.ClientHWAddr, IP: addrOf(req.ClientIPAddr)}
	if msgType(req) == dhcpv4.MessageTypeDecline {
		rel = ReleaseRequest{MAC: req.ClientHWAddr, IP: addrOf(req.Options.Get(dhcpv4.OptionRequestedIPAddress)), Declined: true}
	}
	if !rel.IP.IsValid() {
		return
	}
	s.blocking(at.Add(s.cfg.StaleAfter), func(err error) {
		if err != nil {
			s.backendFailed(err, log)
			return
		}
		if err := s.cfg.Backend.Release(ctx, rel); err != nil {
			log.Error("dhcp release", "ip", rel.IP, "err", err)
		}
	})
}
