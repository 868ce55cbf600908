package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/provision"
	"github.com/ironbase/ironbase/provision/dhcp"
	"github.com/ironbase/ironbase/provision/tftp"
)

// service is one long-running part of serve.
type service func(ctx context.Context) error

// startNetboot binds DHCP and TFTP sockets now, so a port in use fails the
// start, and returns the loops that serve them.
func startNetboot(ctx context.Context, p netbootPlan, o *netbootOpts, store *catalog.Store,
	reg prometheus.Registerer, log *slog.Logger) ([]service, error) {
	var out []service
	if p.dhcp != nil {
		svc, err := startDHCP(ctx, p, store, reg, log)
		if err != nil {
			return nil, err
		}
		out = append(out, svc)
	}
	if p.tftpAddr != "" {
		svc, err := startTFTP(p.tftpAddr, o.ipxeDir, o.stageDir, reg, log)
		if err != nil {
			return nil, err
		}
		out = append(out, svc)
	}
	return out, nil
}

func startDHCP(ctx context.Context, p netbootPlan, store *catalog.Store, reg prometheus.Registerer, log *slog.Logger) (service, error) {
	cfg := *p.dhcp
	cfg.Logger, cfg.Registerer = log, reg
	seen := &provision.DHCPSeen{Store: store, Logger: log}
	cfg.Observer = &provision.DHCPObserver{Events: store, Seen: seen, Logger: log}
	if cfg.Mode == dhcp.ModeFull {
		leases := &provision.Leases{Store: store, First: p.first, Last: p.last}
		if err := leases.Load(ctx); err != nil {
			return nil, err
		}
		cfg.Backend = leases
	}
	srv, err := dhcp.New(cfg)
	if err != nil {
		return nil, usageErr("dhcp: %v", err)
	}
	ports := []int{67}
	if cfg.Mode == dhcp.ModeProxy {
		ports = append(ports, 4011)
	}
	var conns []net.PacketConn
	for _, port := range ports {
		c, err := dhcp.Listen(ctx, cfg.Interface, port)
		if err != nil {
			for _, c := range conns {
				c.Close()
			}
			return nil, &catalog.Error{Kind: catalog.KindUnavailable, Msg: fmt.Sprintf("dhcp: listen on %s:%d", cfg.Interface, port), Err: err}
		}
		conns = append(conns, c)
	}
	log.Info("dhcp serving", "mode", cfg.Mode.String(), "interface", cfg.Interface, "server_ip", cfg.ServerIP, "boot_url", cfg.AdvertiseURL)
	return func(ctx context.Context) error {
		go seen.Run(ctx, 250*time.Millisecond)
		return srv.Serve(ctx, conns...)
	}, nil
}

func startTFTP(addr, src, dir string, reg prometheus.Registerer, log *slog.Logger) (service, error) {
	n, err := stageFirstStage(src, dir)
	if err != nil {
		return nil, err
	}
	log.Info("first-stage binaries staged", "from", src, "to", dir, "files", n)
	srv, err := tftp.New(tftp.Config{Dir: dir, Logger: log, Registerer: reg})
	if err != nil {
		return nil, usageErr("tftp: %v", err)
	}
	conn, err := net.ListenPacket("udp4", addr)
	if err != nil {
		return nil, &catalog.Error{Kind: catalog.KindUnavailable, Msg: "tftp: listen on " + addr, Err: err}
	}
	log.Info("tftp serving", "addr", conn.LocalAddr().String(), "dir", dir)
	return func(ctx context.Context) error { return srv.Serve(ctx, conn) }, nil
}

// runAll runs the services until ctx ends or one fails; a failure stops
// the others. It returns the first error.
func runAll(ctx context.Context, svcs []service) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, len(svcs))
	for _, s := range svcs {
		go func() {
			err := s(ctx)
			cancel()
			errc <- err
		}()
	}
	var first error
	for range svcs {
		if err := <-errc; err != nil && first == nil {
			first = err
		}
	}
	return first
}
