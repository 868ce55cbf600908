package testsuite

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// DefaultDmesgPatterns are matched when DmesgClean lists none.
var DefaultDmesgPatterns = []string{`Call Trace`, `BUG:`, `Oops`, `general protection fault`, `Kernel panic`, `WARNING: CPU:`}

// DmesgClean checks that no kernel log message matches any of Patterns
// (regexps; DefaultDmesgPatterns when empty).
type DmesgClean struct {
	Patterns []string `json:"patterns,omitempty"`
}

func (d *DmesgClean) prepare() (probe, error) {
	pats := d.Patterns
	if len(pats) == 0 {
		pats = DefaultDmesgPatterns
	}
	if len(pats) > 100 {
		return probe{}, errors.New("patterns: at most 100")
	}
	res := make([]*regexp.Regexp, len(pats))
	for i, p := range pats {
		if p == "" {
			return probe{}, fmt.Errorf("patterns[%d] is empty", i)
		}
		re, err := compile(p)
		if err != nil {
			return probe{}, fmt.Errorf("patterns[%d]: %w", i, err)
		}
		res[i] = re
	}
	want := "no match for " + strings.Join(pats, " | ")
	return probe{expected: want, run: func(ctx context.Context, env *Env) outcome {
		return scanKernelLog(ctx, env, res)
	}}, nil
}

func scanKernelLog(ctx context.Context, env *Env, res []*regexp.Regexp) outcome {
	log, err := env.KernelLog.ReadKernelLog(ctx)
	if err != nil {
		return readFailed("kernel log", err)
	}
	n, first := 0, ""
	for _, line := range strings.Split(string(log), "\n") {
		msg := kmsgText(line)
		for _, re := range res {
			if re.MatchString(msg) {
				if n == 0 {
					first = oneLine(msg, 160)
				}
				n++
				break
			}
		}
	}
	if n > 0 {
		obs := fmt.Sprintf("%d matching lines", n)
		return failed(ClassBase, obs, "kernel log has %d matching lines, first: %q", n, first)
	}
	return passed("no match")
}
