package dhcp

import (
	"context"
	"net"
	"sync"
)

// maxPacket bounds one read; DHCP messages are far smaller.
const maxPacket = 4096

// readLoop reads packets from c, many at a time when c is a UDP socket,
// and handles each at once: parsing, an offer from an AsyncBackend or a
// proxy answer take microseconds, and anything that may block (a commit,
// a synchronous backend, a release) is handed off, so the loop never
// waits for the backend. Replies leave through out. It returns nil once
// ctx is cancelled. answers counts the answers still to be sent.
func (s *Server) readLoop(ctx context.Context, c net.PacketConn, out *outbox, answers *sync.WaitGroup) error {
	src := newPacketSource(c)
	port := localPort(c)
	for {
		n, err := src.read()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return wrapRead(c, err)
		}
		at := s.cfg.Now()
		out.hold() // the batch's replies leave together
		for i := range n {
			b, from, ok := src.packet(i)
			if !ok {
				s.metrics.drop(dropWrongIface)
				continue
			}
			// The request may outlive this read (a commit): it gets its own copy.
			raw := append([]byte(nil), b...)
			answers.Add(1)
			s.serveOne(ctx, raw, inbound{src: from, localPort: port, at: at}, out, answers.Done)
		}
		out.release()
	}
}

// serveOne handles one packet and sends the answer through out when it is
// known, which may be later, from the goroutine that committed its lease.
// A panic on either side is counted, not fatal. sent runs once the answer
// is out.
func (s *Server) serveOne(ctx context.Context, raw []byte, in inbound, out *outbox, sent func()) {
	var once sync.Once
	done := func() { once.Do(sent) }
	defer func() {
		if r := recover(); r != nil {
			done() // no answer will come
			s.panicked(r)
		}
	}()
	s.process(ctx, raw, in, func(r reply) {
		b := s.encode(r)
		if b == nil {
			done()
			return
		}
		out.send(outgoing{buf: b, dest: r.dest, sent: done})
	})
}

// encode returns r's packet in a pooled buffer; nil for an empty reply or
// one that could not be encoded (a panic, counted).
func (s *Server) encode(r reply) (b *[]byte) {
	if r.pkt == nil {
		return nil
	}
	defer func() {
		if p := recover(); p != nil {
			b = nil
			s.panicked(p)
		}
	}()
	b = s.bufs.get()
	*b = appendMessage(*b, r.pkt)
	return b
}

// sendFailed counts and logs a reply the socket refused.
func (s *Server) sendFailed(dest net.Addr, err error) {
	s.metrics.drop(dropSend)
	s.log.Warn("dhcp: send reply", "dest", dest, "err", err)
}

func (s *Server) recoverPanic() {
	if r := recover(); r != nil {
		s.panicked(r)
	}
}

func (s *Server) panicked(r any) {
	s.metrics.drop(dropInternal)
	s.log.Error("dhcp: panic while handling a packet", "panic", r)
}

// localPort returns the UDP port c is bound to, 0 when unknown.
func localPort(c net.PacketConn) int {
	if a, ok := c.LocalAddr().(*net.UDPAddr); ok {
		return a.Port
	}
	return 0
}
