package lab

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// server is the caller's server command running inside the namespace.
type server struct {
	cmd  *exec.Cmd
	log  string
	done chan struct{}
	err  error
}

// ServeArgs is the command line of `BIN serve` for this lab: DHCP in full
// mode on the bridge, the range .100-.199 of the subnet, HTTP on every
// address of the namespace, first stages from Debian's ipxe package, and
// the URL hosts reach it at.
func (l *Lab) ServeArgs(bin, data string) []string {
	first, last := l.rangeAddr(100), l.rangeAddr(199)
	return []string{bin, "serve", "--data", data, "--http", fmt.Sprintf("0.0.0.0:%d", l.cfg.HTTPPort),
		"--dhcp-interface", bridge, "--dhcp-mode", "full", "--subnet", l.subnet.String(),
		"--range", first.String() + "-" + last.String(), "--gateway", l.serverAddr().String(),
		"--ipxe-dir", "/usr/lib/ipxe", "--advertise-url", l.InnerURL()}
}

func (l *Lab) rangeAddr(host byte) netip.Addr {
	b := l.subnet.Addr().As4()
	b[3] = host
	return netip.AddrFrom4(b)
}

// StartServer runs argv inside the namespace, its output in ServerLog.
// It dies with the calling process, even one killed with SIGKILL.
func (l *Lab) StartServer(ctx context.Context, argv ...string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.server != nil || l.closed {
		return errors.New("lab: a server is already running (or the lab is closed)")
	}
	s := &server{log: filepath.Join(l.dir, "server.log"), done: make(chan struct{})}
	f, err := os.OpenFile(s.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("lab: %w", err)
	}
	defer f.Close()
	s.cmd = l.command(argv...)
	s.cmd.Stdout, s.cmd.Stderr = f, f
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("lab: start server: %w", err)
	}
	go func() { s.err = s.cmd.Wait(); close(s.done) }()
	l.server = s
	return nil
}

// ServerLog is the path of the server's output.
func (l *Lab) ServerLog() string { return filepath.Join(l.dir, "server.log") }

// WaitServer polls URL()/healthz from the host namespace until it answers
// 200, the server exits, or ctx ends.
func (l *Lab) WaitServer(ctx context.Context) error {
	l.mu.Lock()
	s := l.server
	l.mu.Unlock()
	if s == nil {
		return errors.New("lab: no server started")
	}
	client := &http.Client{Timeout: time.Second}
	return poll(ctx, 100*time.Millisecond, func() (bool, error) {
		select {
		case <-s.done:
			return false, fmt.Errorf("lab: server exited (%v): %s", s.err, TailFile(s.log, 10))
		default:
		}
		resp, err := client.Get(l.URL() + "/healthz")
		if err != nil {
			return false, nil
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK, nil
	})
}

// stop sends SIGTERM, then SIGKILL after 10 s.
func (s *server) stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
}

// CrashServer kills the server with SIGKILL, as a crash or a pulled plug
// would, and waits until it is gone; StartServer may then run it again.
func (l *Lab) CrashServer() error {
	l.mu.Lock()
	s := l.server
	l.server = nil
	l.mu.Unlock()
	if s == nil {
		return errors.New("lab: no server running")
	}
	if err := s.cmd.Process.Kill(); err != nil {
		return fmt.Errorf("lab: kill server: %w", err)
	}
	<-s.done
	return nil
}
