//go:build unix

package testsuite

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestExecCommander runs real commands through sh.
func TestExecCommander(t *testing.T) {
	ctx := context.Background()
	out, err := ExecCommander{}.Run(ctx, []string{"sh", "-c", "echo hello; echo oops >&2; exit 3"})
	if err != nil || out.ExitCode != 3 || string(out.Output) != "hello\noops\n" {
		t.Errorf("got %d %q %v, want 3 \"hello\\noops\\n\" <nil>", out.ExitCode, out.Output, err)
	}
	_, err = ExecCommander{}.Run(ctx, []string{"/nonexistent/ironbase-test"})
	if !errors.Is(err, ErrNotStarted) {
		t.Errorf("missing program: got %v, want ErrNotStarted", err)
	}
	out, _ = ExecCommander{}.Run(ctx, []string{"sh", "-c", "yes | head -c 200000"})
	if len(out.Output) != MaxCommandOutput {
		t.Errorf("kept %d bytes of output, want %d", len(out.Output), MaxCommandOutput)
	}
}

// TestExecTimeout: a command that sleeps is killed at the check timeout
// (the test itself does not sleep).
func TestExecTimeout(t *testing.T) {
	env := fixtureEnv("good")
	env.Commander = ExecCommander{}
	res := runOne(t, env, `{"command": {"argv": ["sh", "-c", "sleep 30"]}, "timeout": "200ms"}`)
	want{StatusError, ClassInfra, "", "sh: timed out after 200ms"}.check(t, res)
	if res.DurationMS != 0 { // the fixture clock stands still
		t.Errorf("duration %d, want 0 from the fixed clock", res.DurationMS)
	}
	if !strings.Contains(res.Expected, "exit 0") {
		t.Errorf("expected %q", res.Expected)
	}
}
