package testsuite

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Command runs Argv (no shell) and checks its exit code (default 0) and,
// when Output is set, that its combined output matches that regexp. The
// check's timeout bounds it; a command that overruns is killed and classed
// infra. A command that cannot be started is classed check.
type Command struct {
	Argv     []string `json:"argv"`
	ExitCode *int     `json:"exit_code,omitempty"`
	Output   string   `json:"output,omitempty"`
}

func (c *Command) prepare() (probe, error) {
	if len(c.Argv) == 0 || c.Argv[0] == "" || len(c.Argv) > 256 {
		return probe{}, errors.New("argv: want a program and its arguments")
	}
	code := 0
	if c.ExitCode != nil {
		code = *c.ExitCode
	}
	if code < 0 || code > 255 {
		return probe{}, fmt.Errorf("exit_code %d: want 0-255", code)
	}
	var re *regexp.Regexp
	want := fmt.Sprintf("exit %d", code)
	if c.Output != "" {
		var err error
		if re, err = compile(c.Output); err != nil {
			return probe{}, fmt.Errorf("output: %w", err)
		}
		want += ", output matching /" + c.Output + "/"
	}
	return probe{expected: want, run: func(ctx context.Context, env *Env) outcome {
		return c.run(ctx, env, code, re)
	}}, nil
}

func (c *Command) run(ctx context.Context, env *Env, code int, re *regexp.Regexp) outcome {
	out, err := env.Commander.Run(ctx, c.Argv)
	switch {
	case ctx.Err() != nil:
		return errored(ClassInfra, "%s: %v", c.Argv[0], cause(ctx))
	case errors.Is(err, ErrNotStarted):
		return errored(ClassCheck, "%v", err)
	case err != nil:
		return errored(ClassInfra, "%s: %v", c.Argv[0], err)
	}
	obs := fmt.Sprintf("exit %d", out.ExitCode)
	last := lastLine(out.Output)
	if out.ExitCode != code {
		return failed(ClassBase, obs, "%s exited %d, want %d; output: %q", c.Argv[0], out.ExitCode, code, last)
	}
	if re != nil && !re.Match(out.Output) {
		return failed(ClassBase, obs+", output: "+last, "%s output does not match /%s/; output: %q", c.Argv[0], re, last)
	}
	return passed(obs)
}

// lastLine is the last non-empty line of output, shortened.
func lastLine(b []byte) string {
	s := strings.TrimRight(string(b), "\n \t")
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return oneLine(s, 160)
}
