package ipmi

import (
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// proxy is a UDP relay between one client and a BMC that can drop and
// delay datagrams (netem is not available here).
type proxy struct {
	front   net.PacketConn
	back    *net.UDPConn
	drop    func(n int64) bool // decides per datagram, n counts from 1
	delay   time.Duration
	fromCli atomic.Int64
	mu      sync.Mutex
	client  net.Addr
}

func startProxy(t *testing.T, upstream string, drop func(int64) bool, delay time.Duration) *proxy {
	t.Helper()
	front, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	raddr, _ := net.ResolveUDPAddr("udp", upstream)
	back, err := net.DialUDP("udp", nil, raddr)
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{front: front, back: back, drop: drop, delay: delay}
	t.Cleanup(func() { front.Close(); back.Close() })
	go p.up()
	go p.down()
	return p
}

func (p *proxy) addr() string { return p.front.LocalAddr().String() }

func (p *proxy) up() {
	buf := make([]byte, 4096)
	for {
		n, from, err := p.front.ReadFrom(buf)
		if err != nil {
			return
		}
		p.mu.Lock()
		p.client = from
		p.mu.Unlock()
		if p.drop(p.fromCli.Add(1)) {
			continue
		}
		msg := append([]byte(nil), buf[:n]...)
		time.AfterFunc(p.delay, func() { p.back.Write(msg) })
	}
}

func (p *proxy) down() {
	buf := make([]byte, 4096)
	for {
		n, err := p.back.Read(buf)
		if err != nil {
			if ne, ok := err.(net.Error); ok && !ne.Timeout() && isRefused(err) {
				continue
			}
			return
		}
		p.mu.Lock()
		to := p.client
		p.mu.Unlock()
		p.front.WriteTo(buf[:n], to)
	}
}

func isRefused(err error) bool {
	op, ok := err.(*net.OpError)
	return ok && op.Op == "read"
}

func never(int64) bool { return false }
