package ipmi

import (
	"context"
	"errors"
	"fmt"

	"github.com/bougou/go-ipmi/pkg/client"

	"github.com/ironbase/ironbase/power"
)

// autoSuites are tried in order when Credentials.CipherSuite is 0.
var autoSuites = []int{17, 3}

// session returns the open session, opening one if needed.
func (d *Driver) session(ctx context.Context) (*client.Client, error) {
	if d.c != nil {
		return d.c, nil
	}
	if d.authErr != nil && d.cfg.Clock.Now().Sub(d.authAt) < d.cfg.AuthHoldoff {
		return nil, fmt.Errorf("not retried within %s: %w", d.cfg.AuthHoldoff, d.authErr)
	}
	c, err := d.connect(ctx)
	if errors.Is(err, power.ErrAuth) {
		d.authErr, d.authAt = err, d.cfg.Clock.Now()
		d.log.Warn("BMC rejected credentials", "creds", d.cfg.Credentials, "err", err)
	}
	if err != nil {
		return nil, err
	}
	d.authErr, d.c = nil, c
	return c, nil
}

func (d *Driver) connect(ctx context.Context) (*client.Client, error) {
	creds := d.cfg.Credentials
	if creds.Interface == power.Lan {
		return d.dial(ctx, 0)
	}
	if creds.CipherSuite != 0 {
		return d.dial(ctx, creds.CipherSuite)
	}
	if d.suite != 0 {
		return d.dial(ctx, d.suite)
	}
	return d.negotiate(ctx)
}

// negotiate tries autoSuites in order and remembers the first that works.
// It stops early when the BMC is not answering at all or rejects the
// credentials: another suite would not change that.
func (d *Driver) negotiate(ctx context.Context) (*client.Client, error) {
	var errs []error
	var last error
	for _, s := range autoSuites {
		c, err := d.dial(ctx, s)
		if err == nil {
			d.suite = s
			d.log.Info("cipher suite negotiated", "suite", s)
			return c, nil
		}
		last = fmt.Errorf("suite %d: %w", s, err)
		errs = append(errs, last)
		if errors.Is(err, power.ErrAuth) || unreachedCaps(err) || ctx.Err() != nil {
			break
		}
	}
	return nil, lastWrapped(errs, last)
}

// lastWrapped keeps the last error's kind (what decides retrying) and
// mentions the earlier ones.
func lastWrapped(errs []error, last error) error {
	if len(errs) <= 1 {
		return last
	}
	return fmt.Errorf("%w (earlier: %v)", last, errors.Join(errs[:len(errs)-1]...))
}
