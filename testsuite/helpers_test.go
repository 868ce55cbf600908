package testsuite

import (
	"context"
	"os"
	"testing"
	"time"
)

// t0 is the fixed time of the fake clock.
var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// fixtureEnv reads the fixture tree testdata/hosts/NAME with a fixed clock
// and fakes that fail loudly if a test forgot to set them.
func fixtureEnv(name string) *Env {
	return &Env{
		Root:      os.DirFS("testdata/hosts/" + name),
		Now:       func() time.Time { return t0 },
		Dialer:    fakeDialer{},
		Commander: fakeCommander{},
	}
}

// runOne parses a one-check file and runs it.
func runOne(t *testing.T, env *Env, checkJSON string) Result {
	t.Helper()
	s, err := ParseChecks([]byte(`{"checks": [` + checkJSON + `]}`))
	if err != nil {
		t.Fatalf("ParseChecks(%s): %v", checkJSON, err)
	}
	rep := (&Runner{Env: env}).Run(context.Background(), s)
	if len(rep.Results) != 1 {
		t.Fatalf("got %d results, want 1", len(rep.Results))
	}
	return rep.Results[0]
}

// want is the part of a Result a table test pins.
type want struct {
	status   Status
	class    Class
	observed string
	message  string
}

func (w want) check(t *testing.T, got Result) {
	t.Helper()
	if got.Status != w.status || got.Class != w.class {
		t.Errorf("got %s/%s (%s), want %s/%s", got.Status, got.Class, got.Message, w.status, w.class)
	}
	if w.observed != "" && got.Observed != w.observed {
		t.Errorf("observed %q, want %q", got.Observed, w.observed)
	}
	if got.Message != w.message {
		t.Errorf("message %q, want %q", got.Message, w.message)
	}
}
