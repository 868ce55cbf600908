package web

import (
	"cmp"
	"encoding/json"
	"fmt"

	"github.com/ironbase/ironbase/testsuite"
)

// mergeSuites makes the one checks document an agent runs from the image's
// checks file and the pool's additions (either may be empty):
//
//   - the image's checks come first, then the pool's, each in file order;
//   - a pool check whose explicit name is also an image check's explicit
//     name replaces that check in place: the pool's admin has the last word
//     on the hosts of the pool (to relax or tighten an image's check);
//   - unnamed checks never replace anything: they are sent unnamed and the
//     agent names them after their kind ("kind#N" when taken);
//   - each file's check_timeout is copied onto its checks that have none,
//     and the suite timeout is the sum of both files' (capped at the
//     testsuite maximum), so merging changes no check's time budget.
//
// No checks at all gives an empty suite ({"version":1,"checks":[]}), which
// the agent reports as a pass with zero checks. An invalid file is an
// error (the caller answers 409).
func mergeSuites(image, pool []byte) (*testsuite.Suite, error) {
	im, err := parsePart("image checks", image)
	if err != nil {
		return nil, err
	}
	pl, err := parsePart("pool suite", pool)
	if err != nil {
		return nil, err
	}
	out := &testsuite.Suite{Version: 1, Checks: []testsuite.Check{}, Timeout: sumTimeouts(im, pl)}
	out.Checks = append(out.Checks, im.checks...)
	at := map[string]int{}
	for i, c := range out.Checks {
		if c.Name != "" {
			at[c.Name] = i
		}
	}
	for _, c := range pl.checks {
		if i, ok := at[c.Name]; ok && c.Name != "" {
			out.Checks[i] = c
			continue
		}
		out.Checks = append(out.Checks, c)
	}
	if len(out.Checks) == 0 {
		return out, nil
	}
	if err := out.Validate(); err != nil {
		return nil, fmt.Errorf("merged suite: %w", err)
	}
	return out, nil
}

// suitePart is one parsed file, its checks with only explicit names kept.
type suitePart struct {
	present bool
	timeout testsuite.Duration
	checks  []testsuite.Check
}

func parsePart(what string, b []byte) (suitePart, error) {
	if len(b) == 0 {
		return suitePart{}, nil
	}
	s, err := testsuite.ParseChecks(b)
	if err != nil {
		return suitePart{}, fmt.Errorf("%s: %w", what, err)
	}
	var raw struct {
		Checks []struct {
			Name string `json:"name"`
		} `json:"checks"`
	}
	if err := json.Unmarshal(b, &raw); err != nil || len(raw.Checks) != len(s.Checks) {
		return suitePart{}, fmt.Errorf("%s: cannot read check names", what)
	}
	p := suitePart{present: true, timeout: s.Timeout, checks: s.Checks}
	for i := range p.checks {
		c := &p.checks[i]
		if raw.Checks[i].Name == "" {
			c.Name = ""
		}
		if c.Timeout == 0 {
			c.Timeout = s.CheckTimeout
		}
	}
	return p, nil
}

// sumTimeouts is the merged suite's deadline: with one file, its own (0 is
// the default); with both, the sum of each one's (its default when unset),
// capped at testsuite.MaxTimeout.
func sumTimeouts(im, pl suitePart) testsuite.Duration {
	if !im.present || !pl.present {
		return im.timeout + pl.timeout
	}
	def := testsuite.Duration(testsuite.DefaultSuiteTimeout)
	sum := cmp.Or(im.timeout, def) + cmp.Or(pl.timeout, def)
	return min(sum, testsuite.Duration(testsuite.MaxTimeout))
}
