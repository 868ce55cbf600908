package dhcp

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
)

// Server is a DHCPv4 server for network boot. Make one with [New].
type Server struct {
	cfg     Config
	log     *slog.Logger
	metrics *metrics
	rogue   rogueTracker
	opts    replyOptions // encoded once
	pool    *pool        // blocking backend calls; nil outside Serve (tests call them inline)
	bufs    bufPool      // encoded replies
}

// New checks cfg, fills its defaults and registers the metrics.
func New(cfg Config) (*Server, error) {
	cfg.setDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	m, err := newMetrics(cfg.Registerer)
	if err != nil {
		return nil, err
	}
	log := cfg.Logger.With("component", "dhcp", "mode", cfg.Mode.String())
	return &Server{cfg: cfg, log: log, metrics: m, opts: newReplyOptions(cfg)}, nil
}

// ListenAndServe opens port 67 (and 4011 in proxy mode) on cfg.Interface
// with [Listen] and serves them until ctx is cancelled.
func (s *Server) ListenAndServe(ctx context.Context) error {
	if s.cfg.Interface == "" {
		return errors.New("dhcp: no interface configured")
	}
	ports := []int{serverPort}
	if s.cfg.Mode == ModeProxy {
		ports = append(ports, pxeServerPort)
	}
	var conns []net.PacketConn
	for _, port := range ports {
		c, err := Listen(ctx, s.cfg.Interface, port)
		if err != nil {
			closeAll(conns)
			return err
		}
		conns = append(conns, c)
	}
	return s.Serve(ctx, conns...)
}

// Serve reads requests from conns and answers them until ctx is cancelled
// (it then returns nil) or a read fails. Each conn's read loop handles its
// packets itself; blocking backend calls run on cfg.Workers goroutines
// with at most cfg.QueueSize waiting, and an AsyncBackend's commits are
// answered when they are durable. Serve closes conns and waits for the
// answers still pending before it returns. A conn made by [Listen] also
// drops packets that arrived on another interface; any other
// net.PacketConn (a loopback socket, an in-memory fake) is taken as is,
// and a conn whose local port is 4011 is served as the PXE boot-server
// port.
func (s *Server) Serve(ctx context.Context, conns ...net.PacketConn) error {
	if len(conns) == 0 {
		return errors.New("dhcp: serve: no connections")
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.pool = newPool(s.cfg.Workers, s.cfg.QueueSize, s.cfg.Now)
	boxes := make([]*outbox, len(conns))
	for i, c := range conns {
		boxes[i] = newOutbox(c, &s.bufs, s.sendFailed)
	}
	ctx = context.WithValue(ctx, togetherKey{}, boxes) // for Together
	var answers sync.WaitGroup
	errc := make(chan error, len(conns))
	var readers sync.WaitGroup
	for i, c := range conns {
		readers.Go(func() { errc <- s.readLoop(ctx, c, boxes[i], &answers) })
	}
	var err error
	select {
	case <-ctx.Done():
	case err = <-errc:
	}
	cancel()
	closeAll(conns)
	readers.Wait()
	s.pool.close()
	answers.Wait() // answers waiting for a commit
	return err
}

func closeAll(conns []net.PacketConn) {
	for _, c := range conns {
		_ = c.Close()
	}
}

// wrapRead decorates a read error with the conn it came from.
func wrapRead(c net.PacketConn, err error) error {
	return fmt.Errorf("dhcp: read on %v: %w", c.LocalAddr(), err)
}
