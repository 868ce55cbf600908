package testsuite

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestEnvChecks runs the checks that use the injected dialer, kernel log,
// clock and commander.
func TestEnvChecks(t *testing.T) {
	ref := func(d time.Duration) func(context.Context) (time.Time, error) {
		return func(context.Context) (time.Time, error) { return t0.Add(d), nil }
	}
	noRef := func(context.Context) (time.Time, error) { return time.Time{}, errors.New("server unreachable") }
	tests := []struct {
		name, host, check string
		env               func(*Env)
		want              want
	}{
		{"reachable", "good", `{"reachable": {"address": "10.0.0.1:8080"}}`, func(e *Env) { e.Dialer = fakeDialer{up: map[string]bool{"10.0.0.1:8080": true}} }, want{StatusPass, "", "reachable", ""}},
		{"unreachable", "good", `{"reachable": {"address": "10.0.0.1:8080"}}`, nil, want{StatusFail, ClassInfra, "unreachable", "10.0.0.1:8080 unreachable: dial tcp 10.0.0.1:8080: connection refused"}},
		{"dmesg clean", "good", `{"dmesg_clean": {}}`, nil, want{StatusPass, "", "no match", ""}},
		{"dmesg trace", "bad", `{"dmesg_clean": {"patterns": ["Call Trace", "BUG:"]}}`, nil, want{StatusFail, ClassBase, "2 matching lines", `kernel log has 2 matching lines, first: "BUG: kernel NULL pointer dereference, address: 0000000000000008"`}},
		{"dmesg own pattern", "good", `{"dmesg_clean": {"patterns": ["out-of-tree"]}}`, nil, want{StatusFail, ClassBase, "1 matching lines", `kernel log has 1 matching lines, first: "nvidia: loading out-of-tree module"`}},
		{"dmesg device", "broken", `{"dmesg_clean": {}}`, nil, want{StatusError, ClassBase, "", "cannot read kernel log: kernel log: dev/kmsg is not a regular file (use Kmsg for /dev/kmsg)"}},
		{"clock", "good", `{"clock_sane": {"tolerance": "5s"}}`, func(e *Env) { e.Reference = ref(-2 * time.Second) }, want{StatusPass, "", "2025-03-01T12:00:00Z (skew 2s)", ""}},
		{"clock skewed", "good", `{"clock_sane": {"tolerance": "5s"}}`, func(e *Env) { e.Reference = ref(time.Hour) }, want{StatusFail, ClassBase, "", "clock off by -1h0m0s, tolerance 5s"}},
		{"clock before", "good", `{"clock_sane": {"tolerance": "5s", "not_before": "2025-06-01T00:00:00Z"}}`, nil, want{StatusFail, ClassBase, "", "clock 2025-03-01T12:00:00Z is before 2025-06-01T00:00:00Z"}},
		{"clock floor only", "good", `{"clock_sane": {"tolerance": "5s", "not_before": "2024-01-01T00:00:00Z"}}`, nil, want{StatusPass, "", "", ""}},
		{"clock no reference", "good", `{"clock_sane": {"tolerance": "5s"}}`, nil, want{StatusError, ClassInfra, "", "no reference time available"}},
		{"clock reference fails", "good", `{"clock_sane": {"tolerance": "5s"}}`, func(e *Env) { e.Reference = noRef }, want{StatusError, ClassInfra, "", "reference time: server unreachable"}},
		{"command", "good", `{"command": {"argv": ["ok"], "output": "GPU [0-9]+"}}`, nil, want{StatusPass, "", "exit 0", ""}},
		{"command exit", "good", `{"command": {"argv": ["fail"]}}`, nil, want{StatusFail, ClassBase, "exit 3", `fail exited 3, want 0; output: "no devices found"`}},
		{"command wanted exit", "good", `{"command": {"argv": ["fail"], "exit_code": 3}}`, nil, want{StatusPass, "", "exit 3", ""}},
		{"command output", "good", `{"command": {"argv": ["ok"], "output": "H100"}}`, nil, want{StatusFail, ClassBase, "", `ok output does not match /H100/; output: "GPU 0: NVIDIA A100"`}},
		{"command missing", "good", `{"command": {"argv": ["missing"]}}`, nil, want{StatusError, ClassCheck, "", `command not started: exec: "missing": not found`}},
		{"command panics", "good", `{"command": {"argv": ["panic"]}}`, nil, want{StatusError, ClassCheck, "", "internal error: panic: boom"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := fixtureEnv(tt.host)
			if tt.env != nil {
				tt.env(env)
			}
			tt.want.check(t, runOne(t, env, tt.check))
		})
	}
}
