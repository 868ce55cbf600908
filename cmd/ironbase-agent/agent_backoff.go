package main

import (
	"context"
	"time"
)

// backoff is capped exponential backoff with jitter: the n-th wait is
// drawn from [d/2, d) where d = min(Min·2ⁿ, Max), so agents that lost the
// server together do not come back together.
type backoff struct {
	min, max time.Duration
	rand     func() float64 // in [0, 1)
	n        int
}

func (b *backoff) next() time.Duration {
	d := b.max
	if b.n < 30 && b.min<<b.n < b.max {
		d = b.min << b.n
	}
	b.n++
	return d/2 + time.Duration(b.rand()*float64(d/2))
}

// retry calls f until it succeeds, fails with an answer that a retry will
// not change (retryable), or ctx ends.
func (a *agent) retry(ctx context.Context, what string, f func(context.Context) error) error {
	b := a.backoff()
	for {
		err := f(ctx)
		if err == nil || !retryable(err) {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		d := b.next()
		a.log.Warn(what+" failed; retrying", "err", err, "attempt", b.n, "in", d)
		if err := sleep(ctx, d); err != nil {
			return err
		}
	}
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
