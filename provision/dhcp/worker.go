package dhcp

import (
	"context"
	"net"
)

// maxPacket bounds one read; DHCP messages are far smaller.
const maxPacket = 4096

// job is one received packet waiting for a worker.
type job struct {
	raw  []byte
	in   inbound
	conn net.PacketConn
}

// readLoop reads packets from c and queues them, dropping them when the
// queue is full. It returns nil once ctx is cancelled.
func (s *Server) readLoop(ctx context.Context, c net.PacketConn, jobs chan<- job) error {
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
		j := job{raw: append([]byte(nil), buf[:n]...), in: inbound{src: src, localPort: port}, conn: c}
		select {
		case jobs <- j:
		default:
			s.metrics.drop(dropOverload)
		}
	}
}

// work handles queued packets until jobs is closed.
func (s *Server) work(ctx context.Context, jobs <-chan job) {
	for j := range jobs {
		s.serveOne(ctx, j)
	}
}

// serveOne handles and answers one packet; a panic is counted, not fatal.
func (s *Server) serveOne(ctx context.Context, j job) {
	defer func() {
		if r := recover(); r != nil {
			s.metrics.drop(dropInternal)
			s.log.Error("dhcp: panic while handling a packet", "panic", r)
		}
	}()
	r, ok := s.handle(ctx, j.raw, j.in)
	if !ok {
		return
	}
	if _, err := j.conn.WriteTo(r.pkt.ToBytes(), r.dest); err != nil {
		s.metrics.drop(dropSend)
		s.log.Warn("dhcp: send reply", "dest", r.dest, "err", err)
	}
}

// localPort returns the UDP port c is bound to, 0 when unknown.
func localPort(c net.PacketConn) int {
	if a, ok := c.LocalAddr().(*net.UDPAddr); ok {
		return a.Port
	}
	return 0
}
