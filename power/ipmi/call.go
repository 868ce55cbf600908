package ipmi

import (
	"context"
	"fmt"

	"github.com/bougou/go-ipmi/pkg/client"

	"github.com/ironbase/ironbase/power"
)

// do runs fn as the BMC's only call, with a session, retrying unreachable
// errors with backoff and a fresh session.
func (d *Driver) do(ctx context.Context, op string, fn func(context.Context, *client.Client) error) error {
	select {
	case d.sem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-d.sem }()
	if d.closed {
		return power.ErrClosed
	}
	if err := d.retry(ctx, op, fn); err != nil {
		return fmt.Errorf("ipmi %s %s: %w", op, d.cfg.Credentials.Address, err)
	}
	return nil
}

func (d *Driver) retry(ctx context.Context, op string, fn func(context.Context, *client.Client) error) error {
	for attempt := 1; ; attempt++ {
		err := d.once(ctx, fn)
		if err == nil || !retryable(err) || attempt >= d.cfg.Attempts {
			return err
		}
		wait := d.cfg.backoff(attempt)
		d.log.Debug("ipmi call failed; retrying", "op", op, "attempt", attempt, "wait", wait, "err", err)
		if serr := power.Sleep(ctx, d.cfg.Clock, wait); serr != nil {
			return fmt.Errorf("%w (then %w)", err, serr)
		}
	}
}

// once makes one attempt. An unreachable error drops the session so that
// the next attempt opens a new one (the BMC may have restarted).
func (d *Driver) once(ctx context.Context, fn func(context.Context, *client.Client) error) error {
	c, err := d.session(ctx)
	if err != nil {
		return err
	}
	err = classify(fn(ctx, c))
	if retryable(err) || ctx.Err() != nil {
		d.drop()
	}
	return err
}
