package ipmi

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"

	"github.com/bougou/go-ipmi/pkg/client"
)

// errReleased is what an ownedConn's Close returns, every time.
var errReleased = errors.New("socket released by ironbase")

// socketDialer hands go-ipmi (through Client.WithUDPProxy) a UDP socket that
// the Driver owns.
//
// go-ipmi v0.9.1 sends a keepalive on every session (lan and lanplus) every 30 s from
// a goroutine of its own. That goroutine checks the socket, then starts a
// second goroutine that takes the socket's lock and writes. When
// Client.Close gets the lock in between, it closes the socket and sets it
// to nil, and the write dereferences nil: the whole process dies (it did,
// in the lab test, when a BMC stopped answering and the Driver dropped the
// session; TestSimKeepaliveDuringDrop reproduces it). go-ipmi sets the socket
// to nil only when closing it succeeds, so an ownedConn's Close always
// fails: go-ipmi keeps the pointer, and a late keepalive write gets
// net.ErrClosed instead.
type socketDialer struct{ addr string }

func newSocketDialer(host string, port int) socketDialer {
	return socketDialer{addr: net.JoinHostPort(host, strconv.Itoa(port))}
}

// Dial ignores go-ipmi's address, which it builds as "host:port" without
// brackets.
func (s socketDialer) Dial(network, _ string) (net.Conn, error) {
	c, err := net.Dial(network, s.addr)
	if err != nil {
		return nil, err
	}
	return &ownedConn{Conn: c}, nil
}

type ownedConn struct {
	net.Conn
	once sync.Once
}

// Close releases the socket once and returns errReleased (see socketDialer).
func (c *ownedConn) Close() error {
	c.once.Do(func() { _ = c.Conn.Close() })
	return errReleased
}

// closeClient ends c's session (a Close Session exchange unless ctx is
// done) and releases its socket. The error is the Close Session's, if any.
func closeClient(ctx context.Context, c *client.Client) error {
	err := c.Close(ctx)
	if errs, ok := err.(interface{ Unwrap() []error }); ok {
		var kept []error
		for _, e := range errs.Unwrap() {
			if !errors.Is(e, errReleased) {
				kept = append(kept, e)
			}
		}
		err = errors.Join(kept...)
	}
	if err == nil || errors.Is(err, errReleased) {
		return nil
	}
	return fmt.Errorf("close session: %w", err)
}
