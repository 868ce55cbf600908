package dhcp

import (
	"net"
	"sync"
	"time"
)

// datagram is one packet through a fakeConn.
type datagram struct {
	data []byte
	addr net.Addr
}

// fakeConn is an in-memory net.PacketConn: the test sends on in and reads
// the server's writes from out.
type fakeConn struct {
	in     chan datagram
	out    chan datagram
	port   int
	closed chan struct{}
	once   sync.Once
}

func newFakeConn(port int) *fakeConn {
	return &fakeConn{in: make(chan datagram), out: make(chan datagram, 64), port: port, closed: make(chan struct{})}
}

func (c *fakeConn) ReadFrom(b []byte) (int, net.Addr, error) {
	select {
	case d := <-c.in:
		return copy(b, d.data), d.addr, nil
	case <-c.closed:
		return 0, nil, net.ErrClosed
	}
}

func (c *fakeConn) WriteTo(b []byte, addr net.Addr) (int, error) {
	select {
	case c.out <- datagram{data: append([]byte(nil), b...), addr: addr}:
		return len(b), nil
	case <-c.closed:
		return 0, net.ErrClosed
	}
}

func (c *fakeConn) Close() error {
	c.once.Do(func() { close(c.closed) })
	return nil
}

func (c *fakeConn) LocalAddr() net.Addr {
	return &net.UDPAddr{IP: net.IPv4zero, Port: c.port}
}

func (c *fakeConn) SetDeadline(time.Time) error      { return nil }
func (c *fakeConn) SetReadDeadline(time.Time) error  { return nil }
func (c *fakeConn) SetWriteDeadline(time.Time) error { return nil }

var _ net.PacketConn = (*fakeConn)(nil)
