package testsuite

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ClockSane checks the host clock: within Tolerance of the injected
// reference time (Env.Reference, such as the server's clock) and, when
// NotBefore is set, not earlier than it (a clock reset to 1970 fails even
// without a reference).
type ClockSane struct {
	Tolerance Duration  `json:"tolerance"`
	NotBefore time.Time `json:"not_before,omitzero"`
}

func (c *ClockSane) prepare() (probe, error) {
	if c.Tolerance <= 0 || c.Tolerance.Std() > MaxTimeout {
		return probe{}, errors.New("tolerance: want a positive duration such as \"5s\"")
	}
	want := "within " + c.Tolerance.Std().String() + " of the reference"
	return probe{expected: want, run: c.run}, nil
}

func (c *ClockSane) run(ctx context.Context, env *Env) outcome {
	now := env.Now()
	obs := now.UTC().Format(time.RFC3339)
	if !c.NotBefore.IsZero() && now.Before(c.NotBefore) {
		return failed(ClassBase, obs, "clock %s is before %s", obs, c.NotBefore.UTC().Format(time.RFC3339))
	}
	if env.Reference == nil {
		if !c.NotBefore.IsZero() {
			return passed(obs)
		}
		return errored(ClassInfra, "no reference time available")
	}
	ref, err := env.Reference(ctx)
	if err != nil {
		return errored(ClassInfra, "reference time: %v", err)
	}
	skew := now.Sub(ref)
	obs = fmt.Sprintf("%s (skew %v)", obs, skew.Round(time.Millisecond))
	if skew.Abs() >= c.Tolerance.Std() {
		return failed(ClassBase, obs, "clock off by %v, tolerance %v", skew.Round(time.Millisecond), c.Tolerance.Std())
	}
	return passed(obs)
}
