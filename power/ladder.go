package power

import (
	"context"
	"log/slog"
	"time"
)

// Step is one rung of the recovery ladder.
type Step int

// Ladder steps, in their default order. StepGiveUp ends every run that did
// not bring the host back: the caller quarantines the host.
const (
	StepNone       Step = iota
	StepSoftOff         // ACPI soft off, wait for off, power on
	StepHardReset       // hard reset (power on if off)
	StepPowerCycle      // power cycle (power on if off)
	StepBMCReset        // cold-reset the BMC, wait for it, then power cycle
	StepGiveUp
)

var stepNames = [...]string{"none", "soft-off", "hard-reset", "power-cycle", "bmc-reset", "give-up"}

// String returns the step's name.
func (s Step) String() string {
	if s < 0 || int(s) >= len(stepNames) {
		return "invalid"
	}
	return stepNames[s]
}

// Prober tells whether a host is back (its agent answers, it pings, ...).
// The caller supplies it.
type Prober interface {
	Alive(ctx context.Context) (bool, error)
}

// Target is what the ladder drives; *BMC satisfies it.
type Target interface {
	State(ctx context.Context) (PowerState, error)
	Power(ctx context.Context, r Request) error
	ResetBMC(ctx context.Context, reason string) error
}

var _ Target = (*BMC)(nil)

// LadderConfig holds the ladder's settings. The zero value works.
type LadderConfig struct {
	Name   string // host name for events and logs
	Steps  []Step // default: soft-off, hard-reset, power-cycle, bmc-reset
	Boot   *BootSpec
	Logger *slog.Logger
	Clock  Clock
	Sink   EventSink
	// SoftOffWait is how long the OS gets to power off. Default 2m.
	SoftOffWait time.Duration
	// BootWait is how long the host gets to come back after a power action
	// before the next step. Default 3m.
	BootWait time.Duration
	// BMCResetWait is how long the BMC gets to answer again. Default 2m.
	BMCResetWait time.Duration
	// Poll is the interval between state and Alive checks. Default 5s.
	Poll time.Duration
}

func (c *LadderConfig) setDefaults() {
	if c.Steps == nil {
		c.Steps = []Step{StepSoftOff, StepHardReset, StepPowerCycle, StepBMCReset}
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Clock == nil {
		c.Clock = RealClock()
	}
	if c.Sink == nil {
		c.Sink = discardSink{}
	}
	setDuration(&c.SoftOffWait, 2*time.Minute)
	setDuration(&c.BootWait, 3*time.Minute)
	setDuration(&c.BMCResetWait, 2*time.Minute)
	setDuration(&c.Poll, 5*time.Second)
}

func setDuration(d *time.Duration, def time.Duration) {
	if *d <= 0 {
		*d = def
	}
}
