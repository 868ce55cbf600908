package testsuite

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Defaults and bounds for timeouts.
const (
	DefaultSuiteTimeout = 10 * time.Minute
	DefaultCheckTimeout = 30 * time.Second
	MaxTimeout          = 24 * time.Hour
)

// Validate checks the suite and every check; the error is a *ParseError.
func (s *Suite) Validate() error {
	if s.Version != 0 && s.Version != 1 {
		return fileError(fmt.Errorf("version %d is not supported (want 1)", s.Version))
	}
	if err := checkTimeout("timeout", s.Timeout); err != nil {
		return fileError(err)
	}
	if err := checkTimeout("check_timeout", s.CheckTimeout); err != nil {
		return fileError(err)
	}
	if len(s.Checks) == 0 || len(s.Checks) > MaxChecks {
		return fileError(fmt.Errorf("want 1 to %d checks, got %d", MaxChecks, len(s.Checks)))
	}
	names := map[string]bool{}
	for i := range s.Checks {
		c := &s.Checks[i]
		if _, err := c.prepare(); err != nil {
			return &ParseError{Check: i, Name: c.Name, Err: err}
		}
		if c.Name != "" && names[c.Name] {
			return &ParseError{Check: i, Name: c.Name, Err: errors.New("duplicate name")}
		}
		names[c.Name] = true
	}
	return nil
}

// prepare validates the check and returns its probe.
func (c *Check) prepare() (probe, error) {
	if len(c.Name) > 128 || strings.ContainsAny(c.Name, "\n\r\t") {
		return probe{}, errors.New("name: at most 128 characters on one line")
	}
	if err := checkTimeout("timeout", c.Timeout); err != nil {
		return probe{}, err
	}
	specs := c.specs()
	switch len(specs) {
	case 0:
		return probe{}, errors.New("no check kind given (such as kernel_release, module_loaded, command)")
	case 1:
	default:
		return probe{}, fmt.Errorf("exactly one kind per check, got %s and %s", specs[0].kind, specs[1].kind)
	}
	p, err := specs[0].spec.prepare()
	if err != nil {
		return probe{}, fmt.Errorf("%s: %w", specs[0].kind, err)
	}
	p.kind = specs[0].kind
	return p, nil
}

func checkTimeout(field string, d Duration) error {
	if d < 0 || d.Std() > MaxTimeout {
		return fmt.Errorf("%s %v: want 0 (default) up to %v", field, d.Std(), MaxTimeout)
	}
	return nil
}

// nameChecks gives every unnamed check its kind as name ("kind#N" if taken).
func (s *Suite) nameChecks() {
	taken := map[string]bool{}
	for _, c := range s.Checks {
		taken[c.Name] = true
	}
	for i := range s.Checks {
		c := &s.Checks[i]
		if c.Name != "" {
			continue
		}
		kind := c.specs()[0].kind
		c.Name = kind
		for n := 2; taken[c.Name]; n++ {
			c.Name = fmt.Sprintf("%s#%d", kind, n)
		}
		taken[c.Name] = true
	}
}
