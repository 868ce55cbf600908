package testsuite

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Runner runs suites against an Env.
type Runner struct {
	Env *Env
}

// Run runs every check of s in order, each under its timeout and all under
// the suite's deadline, and returns the report. It never panics: a check
// that panics is an error of class check. Checks not started before the
// deadline are reported as infra errors.
func (r *Runner) Run(ctx context.Context, s *Suite) Report {
	env := r.Env.withDefaults()
	ctx, cancel := context.WithTimeout(ctx, orDefault(s.Timeout, DefaultSuiteTimeout))
	defer cancel()
	rep := Report{Started: env.Now(), Results: make([]Result, 0, len(s.Checks))}
	for i := range s.Checks {
		c := &s.Checks[i]
		timeout := orDefault(c.Timeout, orDefault(s.CheckTimeout, DefaultCheckTimeout))
		rep.Results = append(rep.Results, runCheck(ctx, env, c, i, timeout))
	}
	rep.Finished = env.Now()
	rep.summarize()
	return rep
}

func orDefault(d Duration, def time.Duration) time.Duration {
	if d > 0 {
		return d.Std()
	}
	return def
}

// runCheck runs one check and fills its Result.
func runCheck(ctx context.Context, env *Env, c *Check, i int, timeout time.Duration) Result {
	res := Result{Name: c.Name, Started: env.Now()}
	if res.Name == "" {
		res.Name = fmt.Sprintf("checks[%d]", i)
	}
	p, err := c.prepare()
	var out outcome
	switch {
	case err != nil:
		out = errored(ClassCheck, "invalid check: %v", err)
	case ctx.Err() != nil:
		out = errored(ClassInfra, "not run: %v", cause(ctx))
	default:
		out = runProbe(ctx, env, p, timeout)
	}
	res.Kind, res.Expected = p.kind, p.expected
	res.Status, res.Class, res.Observed, res.Message = out.status, out.class, out.observed, out.message
	res.DurationMS = env.Now().Sub(res.Started).Milliseconds()
	return res
}

// runProbe runs p in its own goroutine so a check that ignores its
// context cannot hold the suite past its timeout.
func runProbe(ctx context.Context, env *Env, p probe, timeout time.Duration) outcome {
	ctx, cancel := context.WithTimeoutCause(ctx, timeout, fmt.Errorf("timed out after %v", timeout))
	defer cancel()
	done := make(chan outcome, 1)
	go func() {
		defer func() {
			if v := recover(); v != nil {
				done <- errored(ClassCheck, "internal error: panic: %v", v)
			}
		}()
		done <- p.run(ctx, env)
	}()
	select {
	case out := <-done:
		return out
	case <-ctx.Done():
	}
	// A probe that honours ctx returns at once with a more specific
	// message; one that does not is abandoned after a grace period.
	grace := time.NewTimer(probeGrace)
	defer grace.Stop()
	select {
	case out := <-done:
		return out
	case <-grace.C:
		return errored(ClassInfra, "%v", cause(ctx))
	}
}

// probeGrace is how long a probe has to return after its context ends.
const probeGrace = time.Second

// cause says why ctx ended in words an admin reads.
func cause(ctx context.Context) error {
	err := context.Cause(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		return errors.New("suite deadline exceeded")
	}
	return err
}
