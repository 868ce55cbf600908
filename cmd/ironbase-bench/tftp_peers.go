package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os/exec"
	"syscall"
	"time"

	"github.com/ironbase/ironbase/provision/tftp"
)

// peer is one TFTP server under test.
type peer struct {
	name string
	addr string // 127.0.0.1:port
}

// startPeers starts tftpd-hpa and ironbase on free loopback ports, both
// serving dir; stop ends them.
func startPeers(ctx context.Context, tftpd, dir string, stderr io.Writer) ([]peer, func(), error) {
	hpa, stopHPA, err := startTFTPDHPA(ctx, tftpd, dir, stderr)
	if err != nil {
		return nil, nil, err
	}
	ib, stopIB, err := startIronbase(ctx, dir)
	if err != nil {
		stopHPA()
		return nil, nil, err
	}
	return []peer{hpa, ib}, func() { stopIB(); stopHPA() }, nil
}

// startTFTPDHPA runs in.tftpd in the foreground, chrooted (--secure) to
// dir, and waits until it has bound its port.
func startTFTPDHPA(ctx context.Context, bin, dir string, stderr io.Writer) (peer, func(), error) {
	port, err := freeUDPPort()
	if err != nil {
		return peer{}, nil, err
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	cmd := exec.CommandContext(ctx, bin, "--listen", "--foreground", "--secure",
		"--user", "nobody", "--address", addr, dir)
	cmd.Stdout, cmd.Stderr = stderr, stderr
	if err := cmd.Start(); err != nil {
		return peer{}, nil, fmt.Errorf("start tftpd-hpa (Debian package tftpd-hpa): %w", err)
	}
	stop := func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}
	if err := waitBound(addr, 5*time.Second); err != nil {
		stop()
		return peer{}, nil, fmt.Errorf("tftpd-hpa on %s: %w", addr, err)
	}
	return peer{"tftpd-hpa", addr}, stop, nil
}

// startIronbase serves dir with ironbase's TFTP server in this process.
func startIronbase(ctx context.Context, dir string) (peer, func(), error) {
	s, err := tftp.New(tftp.Config{Dir: dir})
	if err != nil {
		return peer{}, nil, fmt.Errorf("ironbase tftp: %w", err)
	}
	conn, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		return peer{}, nil, fmt.Errorf("ironbase tftp listen: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, conn) }()
	stop := func() { cancel(); <-done }
	return peer{"ironbase", conn.LocalAddr().String()}, stop, nil
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
