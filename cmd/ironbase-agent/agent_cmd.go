package main

import (
	"context"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/ironbase/ironbase/testsuite"
)

// requestTimeout bounds one call to the server.
const requestTimeout = 30 * time.Second

// runAgentCmd is `ironbase-agent run`: the agent proper, as the image's init
// starts it (in a respawn loop) on every boot.
func runAgentCmd(ctx context.Context, args []string, stderr io.Writer) error {
	var root string
	var cfg agentConfig
	fs := newFlags("run", &root)
	fs.DurationVar(&cfg.UploadEvery, "upload-every", time.Minute, "how often to upload resource samples while sampling")
	fs.DurationVar(&cfg.StaleWait, "stale-wait", 5*time.Minute, "pause before exiting when the server refuses this boot's token")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	a, err := newAgent(root, cfg, log, &http.Client{Timeout: requestTimeout})
	if err != nil {
		// The command line will not change during this boot: pause so a
		// respawn loop does not spin, then exit 2.
		log.Error("cannot start", "err", err, "pause", a.cfg.StaleWait)
		sleep(ctx, a.cfg.StaleWait) //nolint:errcheck // the error is err
		return err
	}
	return a.serve(ctx)
}

// newAgent reads the boot parameters and the inventory under root and
// returns the live agent (a partial one, for its config, on error).
func newAgent(root string, cfg agentConfig, log *slog.Logger, hc *http.Client) (*agent, error) {
	cfg.setDefaults()
	a := &agent{cfg: cfg, log: log, power: sysPower{}, rand: rand.Float64, now: time.Now}
	procfs, err := newProcRoot(root)
	if err != nil {
		return a, err
	}
	a.procfs = procfs
	h, err := buildHello(root)
	if err != nil {
		return a, err
	}
	if h.Incomplete != "" {
		log.Warn("inventory incomplete", "err", h.Incomplete)
	}
	a.hello, a.client = h, newClient(h.Boot, hc)
	a.log = log.With("host", h.Boot.Host, "slot", h.Boot.Slot)
	env := testsuite.HostEnv(root)
	a.run = (&testsuite.Runner{Env: env}).Run
	return a, nil
}
