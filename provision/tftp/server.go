package tftp

import (
	"context"
	"fmt"
	"net"
	"os"
	"time"

	"github.com/pin/tftp/v3"
	"golang.org/x/net/ipv4"
	"golang.org/x/net/ipv6"
)

// Server is a read-only TFTP server for one directory. Create it with New.
type Server struct {
	cfg     Config
	m       *metrics
	flights flights
}

// New checks cfg, fills in its defaults and registers the metrics.
func New(cfg Config) (*Server, error) {
	cfg.setDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	m, err := newMetrics(cfg.Registerer)
	if err != nil {
		return nil, err
	}
	return &Server{cfg: cfg, m: m}, nil
}

// Serve answers TFTP requests arriving on conn until ctx is cancelled, then
// closes conn, waits for the transfers in flight (each ends or times out)
// and returns nil. Serve fails at once if Config.Dir cannot be opened.
//
// Pass a *net.UDPConn: blksize above 512 needs the destination address and
// interface of each request (IP_PKTINFO), which Serve turns on. With any
// other net.PacketConn, and for requests that were already queued when
// Serve started, transfers use 512-byte blocks.
func (s *Server) Serve(ctx context.Context, conn net.PacketConn) error {
	root, err := os.OpenRoot(s.cfg.Dir)
	if err != nil {
		return fmt.Errorf("tftp: open served directory: %w", err)
	}
	defer root.Close()
	enablePacketInfo(conn)
	ts := s.newLibServer(root)
	errc := make(chan error, 1)
	go func() { errc <- ts.Serve(conn) }()
	s.cfg.Logger.Info("tftp: serving", "addr", conn.LocalAddr().String(), "dir", s.cfg.Dir)
	select {
	case err := <-errc:
		conn.Close()
		if err != nil {
			return fmt.Errorf("tftp: serve: %w", err)
		}
		return nil
	case <-ctx.Done():
	}
	ts.Shutdown()
	<-errc
	conn.Close() // Shutdown misses it if Serve had not yet started
	return nil
}

func (s *Server) newLibServer(root *os.Root) *tftp.Server {
	h := &handler{dir: s.cfg.Dir, root: root, log: s.cfg.Logger, m: s.m, flights: &s.flights}
	ts := tftp.NewServer(h.read, h.write)
	ts.SetHook(&hook{m: s.m, log: s.cfg.Logger})
	ts.SetTimeout(s.cfg.Timeout)
	ts.SetRetries(s.cfg.Retries)
	ts.SetBackoff(noBackoff)
	if s.cfg.MaxBlockSize > 0 {
		ts.SetBlockSize(s.cfg.MaxBlockSize)
	}
	return ts
}

// noBackoff retransmits as soon as Timeout has passed; the library's
// default adds a random pause of up to a second on top.
func noBackoff(int) time.Duration { return 0 }

// enablePacketInfo asks for each packet's destination address and
// interface, as pin/tftp does in its own Serve, but before any goroutine
// starts. Errors are ignored: the library then falls back to 512 bytes.
func enablePacketInfo(conn net.PacketConn) {
	uc, ok := conn.(*net.UDPConn)
	if !ok {
		return
	}
	if uc.LocalAddr().(*net.UDPAddr).IP.To4() != nil {
		ipv4.NewPacketConn(uc).SetControlMessage(ipv4.FlagDst|ipv4.FlagInterface, true)
		return
	}
	ipv6.NewPacketConn(uc).SetControlMessage(ipv6.FlagDst|ipv6.FlagInterface, true)
}
