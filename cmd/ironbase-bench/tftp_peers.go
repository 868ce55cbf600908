package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"time"

	"github.com/ironbase/ironbase/provision/tftp"
)

// peer is one TFTP server under test, on a fixed loopback address.
type peer struct {
	name  string
	addr  string // 127.0.0.1:port
	start func(addr string) (tftpServer, error)
	srv   tftpServer
}

// tftpServer is a running peer.
type tftpServer interface {
	// stop ends the server and every transfer it still has in progress,
	// and says what it found still running.
	stop() string
}

// restart ends every transfer p still has in progress and starts it
// afresh on the same address, so that no transfer outlives its round:
// one left over sends OACKs and DATA to a port that a transfer of the next
// round may be using (curl accepts them from any port).
func (p *peer) restart() (string, error) {
	note := p.srv.stop()
	srv, err := p.start(p.addr)
	p.srv = srv // nil after a failure: nothing left to stop
	if err != nil {
		return note, fmt.Errorf("restart %s: %w", p.name, err)
	}
	return note, nil
}

// startPeers starts tftpd-hpa and ironbase on free loopback ports, both
// serving dir; stop ends them.
func startPeers(ctx context.Context, tftpd, dir string, stderr io.Writer) ([]*peer, func(), error) {
	hpa := &peer{name: "tftpd-hpa", start: func(addr string) (tftpServer, error) {
		return startTFTPDHPA(ctx, tftpd, dir, addr, stderr)
	}}
	ib := &peer{name: "ironbase", start: func(addr string) (tftpServer, error) {
		return startIronbase(ctx, dir, addr)
	}}
	var started []*peer
	stop := func() {
		for _, p := range started {
			if p.srv != nil {
				p.srv.stop()
			}
		}
	}
	for _, p := range []*peer{hpa, ib} {
		port, err := freeUDPPort()
		if err != nil {
			stop()
			return nil, nil, err
		}
		p.addr = fmt.Sprintf("127.0.0.1:%d", port)
		if p.srv, err = p.start(p.addr); err != nil {
			stop()
			return nil, nil, err
		}
		started = append(started, p)
	}
	return started, stop, nil
}

// ironbaseServer is ironbase's TFTP server running in this process.
type ironbaseServer struct {
	cancel context.CancelFunc
	done   chan error
}

// startIronbase serves dir on addr with ironbase's TFTP server.
func startIronbase(ctx context.Context, dir, addr string) (tftpServer, error) {
	s, err := tftp.New(tftp.Config{Dir: dir})
	if err != nil {
		return nil, fmt.Errorf("ironbase tftp: %w", err)
	}
	ua, err := net.ResolveUDPAddr("udp4", addr)
	if err != nil {
		return nil, err
	}
	conn, err := net.ListenUDP("udp4", ua)
	if err != nil {
		return nil, fmt.Errorf("ironbase tftp listen: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	srv := &ironbaseServer{cancel, make(chan error, 1)}
	go func() { srv.done <- s.Serve(ctx, conn) }()
	return srv, nil
}

// stop waits for the transfers in progress: each ends or times out.
func (s *ironbaseServer) stop() string {
	start := time.Now()
	s.cancel()
	<-s.done
	return fmt.Sprintf("stop waited %v for transfers in progress", round(time.Since(start)))
}

func freeUDPPort() (int, error) {
	c, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer c.Close()
	return c.LocalAddr().(*net.UDPAddr).Port, nil
}

// waitBound polls until someone else holds addr (our bind fails).
func waitBound(addr string, limit time.Duration) error {
	ua, err := net.ResolveUDPAddr("udp4", addr)
	if err != nil {
		return err
	}
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); {
		c, err := net.ListenUDP("udp4", ua)
		if errors.Is(err, syscall.EADDRINUSE) {
			return nil
		}
		if err == nil {
			c.Close()
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("not listening after %v", limit)
}
