package testsuite

import (
	"context"
	"testing"
	"testing/synctest"
	"time"
)

// stuckCommander ignores its context until release is closed.
type stuckCommander struct{ release chan struct{} }

func (s stuckCommander) Run(ctx context.Context, argv []string) (CommandOutput, error) {
	<-s.release
	return CommandOutput{}, nil
}

func TestTimeouts(t *testing.T) {
	tests := []struct {
		name, file string
		env        func(*Env)
		want       []want
	}{
		{"command overruns", `{"checks": [{"command": {"argv": ["hang"]}, "timeout": "2s"}]}`, nil,
			[]want{{StatusError, ClassInfra, "", "hang: timed out after 2s"}}},
		{"dial hangs", `{"check_timeout": "3s", "checks": [{"reachable": {"address": "192.0.2.1:22"}}]}`,
			func(e *Env) { e.Dialer = blockingDialer{} },
			[]want{{StatusFail, ClassInfra, "unreachable", "192.0.2.1:22 unreachable: timed out after 3s"}}},
		{"suite deadline", `{"timeout": "5s", "check_timeout": "3s", "checks": [
			{"name": "a", "command": {"argv": ["hang"]}}, {"name": "b", "command": {"argv": ["hang"]}}, {"name": "c", "command": {"argv": ["ok"]}}]}`, nil,
			[]want{{StatusError, ClassInfra, "", "hang: timed out after 3s"}, {StatusError, ClassInfra, "", "hang: suite deadline exceeded"}, {StatusError, ClassInfra, "", "not run: suite deadline exceeded"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				env := fixtureEnv("good")
				env.Now = time.Now // the bubble's fake clock
				if tt.env != nil {
					tt.env(env)
				}
				rep := runFile(t, env, tt.file)
				for i, w := range tt.want {
					w.check(t, rep.Results[i])
				}
			})
		})
	}
}

// TestAbandonsStuckCheck: a check that ignores its context is given up
// after the timeout plus the grace period, and the suite goes on.
func TestAbandonsStuckCheck(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		stuck := stuckCommander{release: make(chan struct{})}
		env := fixtureEnv("good")
		env.Now, env.Commander = time.Now, stuck
		start := time.Now()
		rep := runFile(t, env, `{"checks": [{"command": {"argv": ["x"]}, "timeout": "10s"}, {"cpu_count": {"min": 1}}]}`)
		want{StatusError, ClassInfra, "", "timed out after 10s"}.check(t, rep.Results[0])
		want{StatusPass, "", "16", ""}.check(t, rep.Results[1])
		if got := time.Since(start); got != 10*time.Second+probeGrace {
			t.Errorf("suite took %v, want %v", got, 10*time.Second+probeGrace)
		}
		if rep.Results[0].DurationMS != 11000 {
			t.Errorf("duration %d ms, want 11000", rep.Results[0].DurationMS)
		}
		close(stuck.release)
	})
}

func runFile(t *testing.T, env *Env, file string) Report {
	t.Helper()
	s, err := ParseChecks([]byte(file))
	if err != nil {
		t.Fatal(err)
	}
	return (&Runner{Env: env}).Run(context.Background(), s)
}
