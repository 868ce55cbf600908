package dhcp

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/insomniacslk/dhcp/dhcpv4"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// testLogger logs through t.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

var _ io.Writer = tWriter{}

// counterValue reads one counter.
func counterValue(t *testing.T, c prometheus.Counter) float64 {
	t.Helper()
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		t.Fatalf("read counter: %v", err)
	}
	return m.GetCounter().GetValue()
}

// fakeClock is a settable clock.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// recorder is an Observer that keeps what it is told.
type recorder struct {
	mu    sync.Mutex
	rogue []RogueServer
	seen  []ClientSeen
}

func (r *recorder) RogueServer(_ context.Context, s RogueServer) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rogue = append(r.rogue, s)
}

func (r *recorder) ClientSeen(_ context.Context, c ClientSeen) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seen = append(r.seen, c)
}

func mustMAC(t testing.TB, s string) net.HardwareAddr {
	t.Helper()
	mac, err := net.ParseMAC(s)
	if err != nil {
		t.Fatal(err)
	}
	return mac
}

// packet builds a raw client request of type mt from mac.
func packet(t testing.TB, mac string, mt dhcpv4.MessageType, mods ...dhcpv4.Modifier) []byte {
	t.Helper()
	all := append([]dhcpv4.Modifier{dhcpv4.WithMessageType(mt), dhcpv4.WithTransactionID(dhcpv4.TransactionID{1, 2, 3, 4})}, mods...)
	p, err := dhcpv4.NewDiscovery(mustMAC(t, mac), all...)
	if err != nil {
		t.Fatal(err)
	}
	return p.ToBytes()
}

func ip4(s string) net.IP { return net.IP(netip.MustParseAddr(s).AsSlice()) }
