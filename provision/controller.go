package provision

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/power"
)

// lifeStore is the part of the catalog the controller reads and writes.
type lifeStore interface {
	LifecycleView(ctx context.Context) (catalog.LifeView, error)
	TransitionHost(ctx context.Context, name string, t catalog.HostTransition) (catalog.Host, error)
	SetPhase(ctx context.Context, host string, from catalog.HostState, phase, reason, actor string) error
	SetAlert(ctx context.Context, host, alert, actor string) error
	ClearAlert(ctx context.Context, host, prefix, actor string) error
	BeginTrial(ctx context.Context, host, actor string) error
	EndTrial(ctx context.Context, host string, o catalog.TrialOutcome, actor string) error
	SetSlot(ctx context.Context, host, slot, ref, status, actor string) error
}

// powerer is the part of the power fleet the controller drives.
type powerer interface {
	Boot(ctx context.Context, host string, spec power.BootSpec, reason string) error
	Do(ctx context.Context, host string, r power.Request) error
	State(ctx context.Context, host string) (power.PowerState, error)
}

// ControllerConfig holds the controller's timings. The zero value works.
type ControllerConfig struct {
	// Tick is the longest the controller sleeps between passes when no
	// event wakes it. Default 1s.
	Tick time.Duration
	// MinPass is the shortest time between the starts of two passes that
	// events woke: a burst of events (a DHCP storm of new clients appends
	// one per discovery) costs one pass per MinPass, not one per event.
	// Default 20ms; < 0 paces nothing.
	MinPass time.Duration
	// The phase watchdogs: power-on → DHCP seen (default 90s), DHCP seen →
	// agent hello (default 3m), hello → suite done (default 5m). Heartbeat
	// loss is a pool setting.
	DHCPTimeout, HelloTimeout, SuiteTimeout time.Duration
	// BMCRetry is the pause before a power step is retried on a BMC that did
	// not answer. Default 30s.
	BMCRetry time.Duration
	// BMCPoll is how often an idle host's BMC is asked for its power state,
	// so a dead BMC is flagged before it is needed. Default 1m; <0 never.
	BMCPoll time.Duration
	// Ladder is the recovery ladder, one rung per watchdog that fires in a
	// cycle; a host whose ladder is exhausted is quarantined. Default:
	// power-cycle, hard-reset, power-cycle.
	Ladder []power.Step
	// InfraRetries is how often an infra-class suite failure on the
	// known-good image is retried before the host is quarantined. Default 2.
	InfraRetries int
	Clock        power.Clock
	Logger       *slog.Logger
}

func (c *ControllerConfig) setDefaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&c.Tick, time.Second)
	def(&c.MinPass, 20*time.Millisecond)
	def(&c.DHCPTimeout, 90*time.Second)
	def(&c.HelloTimeout, 3*time.Minute)
	def(&c.SuiteTimeout, 5*time.Minute)
	def(&c.BMCRetry, 30*time.Second)
	def(&c.BMCPoll, time.Minute)
	if c.Ladder == nil {
		c.Ladder = []power.Step{power.StepPowerCycle, power.StepHardReset, power.StepPowerCycle}
	}
	if c.InfraRetries == 0 {
		c.InfraRetries = 2
	}
	if c.Clock == nil {
		c.Clock = power.RealClock()
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

// Controller drives every managed host through its lifecycle (DESIGN.md
// "Host lifecycle", "Slots and staged upgrades"): it reads one snapshot of
// the catalog, decides per host from that snapshot alone (decide.go), and
// applies the decisions; power steps run in the background, one per host
// at a time, so a slow BMC delays only its own host.
type Controller struct {
	store lifeStore
	power powerer
	cfg   ControllerConfig
	log   *slog.Logger

	mu      sync.Mutex
	busy    map[string]bool      // a power job is in flight
	retryAt map[string]time.Time // a BMC failed: no power step before this
	polled  map[string]time.Time // last BMC health poll
	jobs    sync.WaitGroup
	wake    chan struct{}
}

// NewController makes a controller over a store and a power fleet.
func NewController(store lifeStore, pw powerer, cfg ControllerConfig) *Controller {
	cfg.setDefaults()
	return &Controller{store: store, power: pw, cfg: cfg, log: cfg.Logger.With("component", "controller"),
		busy: map[string]bool{}, retryAt: map[string]time.Time{}, polled: map[string]time.Time{},
		wake: make(chan struct{}, 1)}
}

// eventWaiter is how Run learns that something changed.
type eventWaiter interface {
	WaitEvents(ctx context.Context, since int64) int64
	LastEventID() int64
}

// Run reconciles until ctx ends: after every change in the event log,
// after a power job finishes, and at least every Tick.
func (c *Controller) Run(ctx context.Context, events eventWaiter) error {
	go c.follow(ctx, events)
	for {
		began := c.cfg.Clock.Now()
		if err := c.Step(ctx); err != nil && ctx.Err() == nil {
			c.log.Error("reconcile", "err", err)
		}
		select {
		case <-ctx.Done():
			c.jobs.Wait()
			return nil
		case <-c.wake:
			c.pace(ctx, began)
		case <-c.cfg.Clock.After(c.cfg.Tick):
		}
	}
}

// pace waits until MinPass has passed since the last pass began.
func (c *Controller) pace(ctx context.Context, began time.Time) {
	wait := c.cfg.MinPass - c.cfg.Clock.Now().Sub(began)
	if wait <= 0 {
		return
	}
	select {
	case <-ctx.Done():
	case <-c.cfg.Clock.After(wait):
	}
}

func (c *Controller) follow(ctx context.Context, events eventWaiter) {
	last := events.LastEventID()
	for ctx.Err() == nil {
		last = events.WaitEvents(ctx, last)
		c.poke()
	}
}

func (c *Controller) poke() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// Settle waits for the power jobs in flight (tests).
func (c *Controller) Settle() { c.jobs.Wait() }
