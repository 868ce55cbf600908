package power

import (
	"context"
	"log/slog"
	"time"
)

// BMCConfig holds the settings of a BMC. The zero value works.
type BMCConfig struct {
	Logger  *slog.Logger // nil: discard
	Clock   Clock        // nil: real clock
	Sink    EventSink    // nil: events are dropped
	Limiter *Limiter     // shared by the fleet; nil: no global limit
	// ConfirmDelay is the pause before a second read that confirms a
	// change of power state. Default 500ms.
	ConfirmDelay time.Duration
}

func (c *BMCConfig) setDefaults() {
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Clock == nil {
		c.Clock = RealClock()
	}
	if c.Sink == nil {
		c.Sink = discardSink{}
	}
	if c.ConfirmDelay <= 0 {
		c.ConfirmDelay = 500 * time.Millisecond
	}
}

// BMC is one host's BMC as the rest of ironbase sees it: at most one
// operation at a time, calls counted against the fleet's Limiter, debounced
// state, and an Event for every action.
type BMC struct {
	name   string
	driver Driver
	cfg    BMCConfig
	log    *slog.Logger
	lock   chan struct{} // per-BMC: one operation at a time
	deb    debouncer     // guarded by lock
}

// NewBMC wraps d. name identifies the BMC in events and logs (a host name).
func NewBMC(name string, d Driver, cfg BMCConfig) *BMC {
	cfg.setDefaults()
	return &BMC{
		name:   name,
		driver: d,
		cfg:    cfg,
		log:    cfg.Logger.With("bmc", name),
		lock:   make(chan struct{}, 1),
	}
}

// Name returns the name given to NewBMC.
func (b *BMC) Name() string { return b.name }

// locked runs fn as this BMC's only operation.
func (b *BMC) locked(ctx context.Context, fn func() error) error {
	select {
	case b.lock <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-b.lock }()
	return fn()
}

// call runs one driver call inside a global Limiter slot.
func (b *BMC) call(ctx context.Context, fn func() error) error {
	if err := b.cfg.Limiter.acquire(ctx); err != nil {
		return err
	}
	defer b.cfg.Limiter.release()
	return fn()
}

func (b *BMC) emit(ctx context.Context, e Event) {
	e.Time = b.cfg.Clock.Now()
	e.BMC = b.name
	b.cfg.Sink.PowerEvent(ctx, e)
}
