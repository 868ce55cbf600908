package tftp

import (
	"bytes"
	"context"
	"log/slog"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// testServer is a Server on a loopback port, stopped by t.Cleanup.
type testServer struct {
	*Server
	addr string // host:port
	port string
	dir  string
	reg  *prometheus.Registry
	// stop ends Serve and waits for it, and so for every transfer's
	// bookkeeping: the server hears the last ACK after the client is done.
	stop func()
}

func startServer(t *testing.T, dir string) *testServer {
	t.Helper()
	return startServerConfig(t, Config{Dir: dir})
}

// startServerConfig fills in the test's logger, a fresh registry and short
// timeouts, so that Cleanup never waits long for a dead transfer.
func startServerConfig(t *testing.T, cfg Config) *testServer {
	t.Helper()
	reg := prometheus.NewRegistry()
	cfg.Logger = slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg.Registerer = reg
	cfg.Timeout = 500 * time.Millisecond
	cfg.Retries = 3
	s, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	conn, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	enablePacketInfo(conn) // before the first request, not racing with it
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- s.Serve(ctx, conn) }()
	stop := sync.OnceFunc(func() {
		cancel()
		if err := <-errc; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	t.Cleanup(stop)
	addr := conn.LocalAddr().String()
	_, port, _ := net.SplitHostPort(addr)
	return &testServer{Server: s, addr: addr, port: port, dir: cfg.Dir, reg: reg, stop: stop}
}

// writeRandom writes size pseudo-random bytes to dir/name and returns them.
func writeRandom(t *testing.T, dir, name string, size int) []byte {
	t.Helper()
	b := make([]byte, size)
	r := rand.New(rand.NewPCG(uint64(size), 7))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
		t.Fatal(err)
	}
	return b
}

func checkSame(t *testing.T, gotPath string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(gotPath)
	if err != nil {
		t.Fatalf("read fetched file: %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("fetched %d bytes differ from the %d source bytes", len(got), len(want))
	}
}

func TestServeStopsOnCancel(t *testing.T) {
	s, err := New(Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- s.Serve(ctx, conn) }()
	cancel()
	select {
	case err := <-errc:
		if err != nil {
			t.Errorf("Serve after cancel: got %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after cancel")
	}
}

func TestServeMissingDir(t *testing.T) {
	s, err := New(Config{Dir: filepath.Join(t.TempDir(), "absent")})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := s.Serve(context.Background(), conn); err == nil {
		t.Error("Serve on a missing directory: got nil error")
	}
}
