package testsuite

import (
	"context"
	"testing"
)

func TestReportClass(t *testing.T) {
	r := func(s Status, c Class, msg string) Result {
		return Result{Name: string(c), Status: s, Class: c, Message: msg}
	}
	tests := []struct {
		name    string
		results []Result
		status  Status
		class   Class
		reason  string
	}{
		{"all pass", []Result{r(StatusPass, "", "")}, StatusPass, "", ""},
		{"infra only", []Result{r(StatusError, ClassInfra, "timed out")}, StatusError, ClassInfra, "infra: timed out"},
		{"check beats infra", []Result{r(StatusError, ClassInfra, "x"), r(StatusError, ClassCheck, "not started")}, StatusError, ClassCheck, "check: not started"},
		{"base beats all", []Result{r(StatusError, ClassCheck, "x"), r(StatusFail, ClassInfra, "y"), r(StatusFail, ClassBase, "module nvidia not loaded")}, StatusFail, ClassBase, "base: module nvidia not loaded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := Report{Results: tt.results}
			rep.summarize()
			if rep.Status != tt.status || rep.Class != tt.class || rep.Reason != tt.reason {
				t.Errorf("got %s/%s %q, want %s/%s %q", rep.Status, rep.Class, rep.Reason, tt.status, tt.class, tt.reason)
			}
			if rep.Passed+rep.Failed+rep.Errored != len(tt.results) {
				t.Errorf("counts %d+%d+%d, want %d", rep.Passed, rep.Failed, rep.Errored, len(tt.results))
			}
		})
	}
}

// TestRunBadCheck: a Suite built in code without ParseChecks still runs;
// an invalid check is an error of class check.
func TestRunBadCheck(t *testing.T) {
	s := &Suite{Checks: []Check{{KernelRelease: &KernelRelease{Regexp: "("}}, {}}}
	rep := (&Runner{Env: fixtureEnv("good")}).Run(context.Background(), s)
	want{StatusError, ClassCheck, "", "invalid check: kernel_release: bad regexp \"(\": error parsing regexp: missing closing ): `(`"}.check(t, rep.Results[0])
	want{StatusError, ClassCheck, "", "invalid check: no check kind given (such as kernel_release, module_loaded, command)"}.check(t, rep.Results[1])
	if rep.Results[1].Name != "checks[1]" {
		t.Errorf("name %q, want checks[1]", rep.Results[1].Name)
	}
}
