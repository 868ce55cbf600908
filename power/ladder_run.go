package power

import (
	"context"
	"errors"
	"fmt"
)

// ErrGaveUp is the error of a ladder run that did not bring the host back.
var ErrGaveUp = errors.New("recovery ladder exhausted")

// Outcome is the result of one ladder run.
type Outcome struct {
	Recovered bool
	// Step is the step after which the host was alive: StepNone if it was
	// alive before any action, StepGiveUp if it never came back (the
	// caller quarantines it).
	Step   Step
	Reason string
}

// Ladder recovers a wedged host step by step.
type Ladder struct {
	t   Target
	p   Prober
	cfg LadderConfig
}

// NewLadder returns a ladder that drives t and asks p whether the host came
// back.
func NewLadder(t Target, p Prober, cfg LadderConfig) *Ladder {
	cfg.setDefaults()
	cfg.Logger = cfg.Logger.With("host", cfg.Name)
	return &Ladder{t: t, p: p, cfg: cfg}
}

// Run walks the steps until the host is alive. reason says why recovery
// started; it is logged with the first event. Run returns ctx's error if ctx
// ends; otherwise the outcome says what happened and every step has been
// reported to the sink.
func (l *Ladder) Run(ctx context.Context, reason string) (Outcome, error) {
	l.cfg.Logger.Info("recovery started", "reason", reason)
	if l.alive(ctx) {
		return l.done(ctx, StepNone, "host alive before any action"), nil
	}
	last := "no steps configured"
	for _, s := range l.cfg.Steps {
		err := l.step(ctx, s)
		if ctx.Err() != nil {
			return Outcome{Step: s, Reason: "canceled"}, ctx.Err()
		}
		if err == nil {
			return l.done(ctx, s, "host alive after "+s.String()), nil
		}
		last = err.Error()
		l.report(ctx, s, last, err)
	}
	why := "host did not come back; last step: " + last
	l.report(ctx, StepGiveUp, why, ErrGaveUp)
	return Outcome{Step: StepGiveUp, Reason: why}, nil
}

func (l *Ladder) done(ctx context.Context, s Step, why string) Outcome {
	l.report(ctx, s, why, nil)
	return Outcome{Recovered: true, Step: s, Reason: why}
}

func (l *Ladder) report(ctx context.Context, s Step, why string, err error) {
	l.cfg.Logger.Info("recovery step", "step", s, "reason", why, "ok", err == nil)
	l.cfg.Sink.PowerEvent(ctx, Event{
		Time: l.cfg.Clock.Now(), BMC: l.cfg.Name, Kind: EventRecovery,
		Step: s, Reason: why, Err: err,
	})
}

func (l *Ladder) step(ctx context.Context, s Step) error {
	switch s {
	case StepSoftOff:
		return l.softOff(ctx)
	case StepHardReset:
		return l.hard(ctx, ActionReset)
	case StepPowerCycle:
		return l.hard(ctx, ActionCycle)
	case StepBMCReset:
		return l.bmcReset(ctx)
	}
	return fmt.Errorf("step %s: %w", s, ErrInvalid)
}
