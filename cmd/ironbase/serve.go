package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/imaging"
	"github.com/ironbase/ironbase/provision"
	"github.com/ironbase/ironbase/provision/boot"
	"github.com/ironbase/ironbase/web"
)

type serveOpts struct {
	data, http, logLevel string
	retention            time.Duration
	bmcLimit             int
	netboot              netbootOpts
	controller           provision.ControllerConfig
	noController         bool
}

func serve(ctx context.Context, args []string, e env) error {
	var o serveOpts
	fs := newFlags("serve", e.stderr)
	fs.StringVar(&o.data, "data", "ironbase-data", "data directory (catalog, keys, images)")
	fs.StringVar(&o.http, "http", "127.0.0.1:8080", "address for the API, UI and boot files")
	fs.StringVar(&o.logLevel, "log-level", "info", "debug, info, warn or error")
	fs.DurationVar(&o.retention, "event-retention", 30*24*time.Hour, "how long events are kept")
	fs.IntVar(&o.bmcLimit, "bmc-limit", 16, "BMC calls in flight across the whole fleet")
	o.netboot.register(fs)
	fs.BoolVar(&o.noController, "no-controller", false, "do not drive hosts through their lifecycle (API, netboot and power only)")
	fs.DurationVar(&o.controller.DHCPTimeout, "watchdog-dhcp", 90*time.Second, "power-on → DHCP request watchdog")
	fs.DurationVar(&o.controller.HelloTimeout, "watchdog-hello", 3*time.Minute, "DHCP → agent hello watchdog")
	fs.DurationVar(&o.controller.SuiteTimeout, "watchdog-suite", 5*time.Minute, "agent hello → suite result watchdog")
	fs.DurationVar(&o.controller.BMCPoll, "bmc-poll", time.Minute, "how often idle hosts' BMCs are asked for their power state (<0: never)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 0, "serve [flags]"); err != nil {
		return err
	}
	log, err := newLogger(e, o.logLevel)
	if err != nil {
		return err
	}
	return o.run(ctx, e, log)
}

func newLogger(e env, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, usageErr("--log-level %q: want debug, info, warn or error", level)
	}
	return slog.New(slog.NewJSONHandler(e.stderr, &slog.HandlerOptions{Level: l})), nil
}

func (o serveOpts) run(ctx context.Context, e env, log *slog.Logger) error {
	o.netboot.stageDir = filepath.Join(o.data, "tftp")
	plan, err := o.netboot.plan(o.http)
	if err != nil {
		return err
	}
	store, err := o.openStore(ctx, log)
	if err != nil {
		return err
	}
	defer store.Close()
	blobs, err := imaging.OpenStore(filepath.Join(o.data, "images"), log)
	if err != nil {
		return err
	}
	reg := newRegistry()
	fleet := provision.NewFleet(store, o.bmcLimit, log)
	defer fleet.Close()
	svcs, err := startNetboot(ctx, plan, &o.netboot, store, reg, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.http)
	if err != nil {
		return &catalog.Error{Kind: catalog.KindUnavailable, Msg: "listen on " + o.http, Err: err}
	}
	srv := &http.Server{
		Handler: web.New(web.Config{Catalog: store, Logger: log,
			Metrics: promhttp.HandlerFor(reg, promhttp.HandlerOpts{}), Power: fleet, Blobs: blobs,
			Boot: boot.Mux(&boot.Handler{Hosts: store, Logger: log}, &boot.Artifacts{Blobs: blobs, Logger: log})}),
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	log.Info("ironbase serving", "addr", ln.Addr().String(), "data", o.data)
	if e.ready != nil {
		e.ready(ln.Addr())
	}
	svcs = append(svcs, func(ctx context.Context) error { return serveUntilDone(ctx, srv, ln, log) },
		func(ctx context.Context) error { pruneEvents(ctx, store, log); return nil },
		func(ctx context.Context) error { expireLeases(ctx, store, log); return nil })
	if !o.noController {
		o.controller.Logger = log
		ctrl := provision.NewController(store, fleet, o.controller)
		svcs = append(svcs, func(ctx context.Context) error { return ctrl.Run(ctx, store) })
	}
	return runAll(ctx, svcs)
}

func (o serveOpts) openStore(ctx context.Context, log *slog.Logger) (*catalog.Store, error) {
	if err := os.MkdirAll(o.data, 0o700); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	sealer, err := catalog.LoadOrCreateKey(filepath.Join(o.data, "secret.key"))
	if err != nil {
		return nil, err
	}
	store, err := catalog.Open(ctx, catalog.Config{Path: filepath.Join(o.data, "catalog.db"),
		Sealer: sealer, Logger: log, EventRetention: o.retention})
	if err != nil {
		return nil, err
	}
	tokenFile := filepath.Join(o.data, "admin.token")
	created, err := store.BootstrapAdminToken(ctx, tokenFile)
	if err != nil {
		store.Close()
		return nil, err
	}
	if created {
		log.Info("first start: admin token written", "file", tokenFile)
	}
	return store, nil
}

func newRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}

// serveUntilDone serves until ctx ends, then shuts down gracefully.
func serveUntilDone(ctx context.Context, srv *http.Server, ln net.Listener, log *slog.Logger) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func pruneEvents(ctx context.Context, store *catalog.Store, log *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if n, err := store.PruneEvents(ctx); err != nil && ctx.Err() == nil {
			log.Warn("prune events", "err", err)
		} else if n > 0 {
			log.Info("pruned events", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// expireLeases ends expired reservations (and warns before) every second.
func expireLeases(ctx context.Context, store *catalog.Store, log *slog.Logger) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if n, err := store.ExpireReservations(ctx, 5*time.Minute); err != nil && ctx.Err() == nil {
			log.Warn("expire reservations", "err", err)
		} else if n > 0 {
			log.Info("reservations expired", "count", n)
		}
	}
}
