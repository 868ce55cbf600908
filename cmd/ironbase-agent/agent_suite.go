package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ironbase/ironbase/testsuite"
)

// startSuite runs the suite and reports it in the background; the loop
// learns the outcome on l.suite.
func (a *agent) startSuite(ctx context.Context, l *loop) {
	ch := make(chan error, 1)
	l.suite = ch
	go func() { ch <- a.verify(ctx) }()
}

// verify fetches the suite, runs it and uploads the report, retrying the
// network parts. A report the server refuses (other than with 401) is
// logged and dropped: sending it again would not change the answer.
func (a *agent) verify(ctx context.Context) error {
	rep, err := a.runSuite(ctx)
	if err != nil {
		return err
	}
	a.log.Info("suite done", "status", rep.Status, "passed", rep.Passed, "failed", rep.Failed, "errored", rep.Errored, "reason", rep.Reason)
	kernel := a.hello.Inventory.KernelRelease
	if kernel == "" {
		kernel = "unknown"
	}
	err = a.retry(ctx, "suite report", func(ctx context.Context) error {
		return a.client.report(ctx, suiteReport{Kernel: kernel, Report: rep})
	})
	if err != nil && !errors.Is(err, errStale) && ctx.Err() == nil {
		a.log.Error("suite report refused", "err", err)
		return nil
	}
	return err
}

// runSuite fetches and runs the boot's suite. A suite the server cannot
// build (409) or the agent cannot parse is itself the result: an error of
// class check, so the verdict still reaches the server.
func (a *agent) runSuite(ctx context.Context) (testsuite.Report, error) {
	var raw []byte
	err := a.retry(ctx, "suite fetch", func(ctx context.Context) (err error) {
		raw, err = a.client.suite(ctx)
		return err
	})
	if errors.Is(err, errStale) || ctx.Err() != nil {
		return testsuite.Report{}, cmp.Or(err, ctx.Err())
	}
	var s *testsuite.Suite
	if err == nil {
		s, err = parseSuite(raw)
	}
	if err != nil {
		a.log.Error("no runnable suite", "err", err)
		return unrunnable(a.now(), err), nil
	}
	return a.run(ctx, s), nil
}

// parseSuite reads the server's checks document. A document with no
// checks is the empty suite: it runs nothing and passes.
func parseSuite(b []byte) (*testsuite.Suite, error) {
	var n struct {
		Checks []json.RawMessage `json:"checks"`
	}
	if err := json.Unmarshal(b, &n); err == nil && len(n.Checks) == 0 {
		return &testsuite.Suite{}, nil
	}
	s, err := testsuite.ParseChecks(b)
	if err != nil {
		return nil, fmt.Errorf("suite from the server: %w", err)
	}
	return s, nil
}

// unrunnable is the report of a suite that could not be had.
func unrunnable(now time.Time, err error) testsuite.Report {
	msg := err.Error()
	if len(msg) > 300 {
		msg = msg[:300] + "…"
	}
	res := testsuite.Result{Name: "suite", Kind: "suite", Status: testsuite.StatusError, Class: testsuite.ClassCheck,
		Expected: "a runnable suite", Message: msg, Started: now}
	return testsuite.Report{Status: testsuite.StatusError, Class: testsuite.ClassCheck, Reason: "suite: " + msg,
		Started: now, Finished: now, Errored: 1, Results: []testsuite.Result{res}}
}
