package power

import (
	"context"
	"time"
)

// waitUntil polls cond every Poll until it holds or d has passed.
func (l *Ladder) waitUntil(ctx context.Context, d time.Duration, cond func() bool) bool {
	deadline := l.cfg.Clock.Now().Add(d)
	for {
		if Sleep(ctx, l.cfg.Clock, l.cfg.Poll) != nil {
			return false
		}
		if cond() {
			return true
		}
		if !l.cfg.Clock.Now().Before(deadline) {
			return false
		}
	}
}

func (l *Ladder) waitState(ctx context.Context, want PowerState, d time.Duration) bool {
	return l.waitUntil(ctx, d, func() bool {
		s, _ := l.t.State(ctx)
		return s == want
	})
}

func (l *Ladder) waitKnown(ctx context.Context, d time.Duration) bool {
	return l.waitUntil(ctx, d, func() bool {
		s, _ := l.t.State(ctx)
		return s != StateUnknown
	})
}

func (l *Ladder) waitAlive(ctx context.Context, d time.Duration) bool {
	return l.waitUntil(ctx, d, func() bool { return l.alive(ctx) })
}

func (l *Ladder) alive(ctx context.Context) bool {
	ok, err := l.p.Alive(ctx)
	if err != nil {
		l.cfg.Logger.Warn("alive check failed", "err", err)
	}
	return ok && err == nil
}
