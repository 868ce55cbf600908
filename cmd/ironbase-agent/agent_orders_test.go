package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/ironbase/ironbase/testsuite"
)

// TestOrdersRunOnce: every command runs once per id, whatever number of
// heartbeats repeat it; reboot and poweroff reach the power switch.
func TestOrdersRunOnce(t *testing.T) {
	pw := &fakePower{err: errors.New("not today")}
	a := &agent{power: pw, log: slog.New(slog.DiscardHandler)}
	l := &loop{}
	for _, o := range []order{
		{Command: "reboot", ID: 7}, {Command: "reboot", ID: 7}, {Command: "hold", ID: 8}, {Command: "hold", ID: 8},
		{Command: "poweroff", ID: 9}, {Command: "poweroff", ID: 9}, {Command: "reboot", ID: 10}, {Command: "frobnicate", ID: 11},
	} {
		l.order = o
		if err := a.follow(context.Background(), l); err != nil {
			t.Fatal(err)
		}
	}
	if pw.reboots != 2 || pw.offs != 1 {
		t.Errorf("reboots %d, poweroffs %d; want 2 and 1", pw.reboots, pw.offs)
	}
	if l.done != 11 {
		t.Errorf("last command done %d, want 11", l.done)
	}
}

// TestRetestDuringASuiteRunsAfterIt: a retest that arrives while a suite
// runs is run once, after it.
func TestRetestDuringASuiteRunsAfterIt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := &agent{log: slog.New(slog.DiscardHandler)}
		l := &loop{suite: make(chan error, 1), order: order{Command: "retest", ID: 3}}
		if err := a.follow(context.Background(), l); err != nil || !l.again {
			t.Fatalf("retest during a suite: again = %v, err = %v", l.again, err)
		}
		if err := a.follow(context.Background(), l); err != nil || !l.again || l.done != 3 {
			t.Fatalf("repeated order: %+v, %v", l, err)
		}
	})
}

func TestBackoffIsCappedAndJittered(t *testing.T) {
	for _, r := range []float64{0, 0.999999} {
		b := &backoff{min: time.Second, max: time.Minute, rand: func() float64 { return r }}
		for n := range 40 {
			d := min(time.Second<<min(n, 30), time.Minute)
			if got := b.next(); got < d/2 || got >= d {
				t.Fatalf("rand %v, wait %d: %v, want in [%v, %v)", r, n, got, d/2, d)
			}
		}
	}
}

func TestParseSuite(t *testing.T) {
	for _, doc := range []string{`{"version":1,"checks":[]}`, `{"checks": null}`, `{}`} {
		s, err := parseSuite([]byte(doc))
		if err != nil || len(s.Checks) != 0 {
			t.Errorf("%s: %v, %v; want the empty suite", doc, s, err)
		}
	}
	if _, err := parseSuite([]byte(`{"checks": [{"nope": {}}]}`)); err == nil || !strings.Contains(err.Error(), "suite from the server") {
		t.Errorf("bad suite: err = %v", err)
	}
	rep := (&testsuite.Runner{Env: &testsuite.Env{}}).Run(context.Background(), &testsuite.Suite{})
	if rep.Status != testsuite.StatusPass || len(rep.Results) != 0 {
		t.Errorf("empty suite report %+v, want a pass with no results", rep)
	}
	bad := unrunnable(time.Unix(0, 0), errors.New("no suite"))
	if bad.Status != testsuite.StatusError || bad.Class != testsuite.ClassCheck || bad.Errored != 1 {
		t.Errorf("unrunnable report %+v", bad)
	}
}

// TestRunBadCmdlinePausesThenExits2: a boot whose command line is broken
// will not get better: `run` pauses (so init's respawn loop does not
// spin) and exits 2.
func TestRunBadCmdlinePausesThenExits2(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		err := run(context.Background(), []string{"run", "--root", "../../testsuite/testdata/hosts/bad", "--stale-wait", "2m"}, io.Discard, io.Discard)
		if exitCode(err) != 2 || !strings.Contains(err.Error(), "ironbase.server is missing") {
			t.Errorf("run = %v (exit %d), want exit 2 naming the missing parameter", err, exitCode(err))
		}
		if waited := time.Since(start); waited != 2*time.Minute {
			t.Errorf("paused %v, want 2m", waited)
		}
	})
}
