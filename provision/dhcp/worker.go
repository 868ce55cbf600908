package dhcp

import (
	"context"
	"net"
	"sync"
)

// maxPacket bounds one read; DHCP messages are far smaller.
const maxPacket = 4096

// readLoop reads packets from c and handles each at once: parsing, an offer
// from an AsyncBackend or a proxy answer take microseconds, and anything
// that may block (a commit, a synchronous backend, a release) is handed
// off, so the loop never waits for the backend. It returns nil once ctx is
// cancelled. answers counts the answers still to be sent.
func (s *Server) readLoop(ctx context.Context, c net.PacketConn, answers *sync.WaitGroup) error {
	read := packetReader(c)
	port := localPort(c)
	buf := make([]byte, maxPacket)
	for {
		n, src, ok, err := read(buf)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return wrapRead(c, err)
		}
		if !ok {
			s.metrics.drop(dropWrongIface)
			continue
		}
		// The request may outlive this read (a commit): it gets its own copy.
		raw := append([]byte(nil), buf[:n]...)
		answers.Add(1)
		s.serveOne(ctx, raw, inbound{src: src, localPort: port, at: s.cfg.Now()}, c, answers.Done)
	}
}

// serveOne handles one packet and sends the answer when it is known, which
// may be later, from the goroutine that committed its lease. A panic on
// either side is counted, not fatal. sent runs once the answer is out.
func (s *Server) serveOne(ctx context.Context, raw []byte, in inbound, conn net.PacketConn, sent func()) {
	var once sync.Once
	done := func() { once.Do(sent) }
	defer func() {
		if r := recover(); r != nil {
			done() // no answer will come
			s.panicked(r)
		}
	}()
	s.process(ctx, raw, in, func(r reply) {
		defer done()
		defer s.recoverPanic()
		s.send(conn, r)
	})
}

// send writes r to conn; an empty reply sends nothing.
func (s *Server) send(conn net.PacketConn, r reply) {
	if r.pkt == nil {
		return
	}
	b := s.bufs.get()
	defer s.bufs.put(b)
	*b = appendMessage(*b, r.pkt)
	if _, err := conn.WriteTo(*b, r.dest); err != nil {
		s.metrics.drop(dropSend)
		s.log.Warn("dhcp: send reply", "dest", r.dest, "err", err)
	}
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
