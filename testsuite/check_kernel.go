package testsuite

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// KernelRelease checks the running kernel's release (uname -r). Exactly one
// of Equals, Prefix and Regexp is set.
type KernelRelease struct {
	Equals string `json:"equals,omitempty"`
	Prefix string `json:"prefix,omitempty"`
	Regexp string `json:"regexp,omitempty"`
}

func (k *KernelRelease) prepare() (probe, error) {
	set := 0
	for _, s := range []string{k.Equals, k.Prefix, k.Regexp} {
		if s != "" {
			set++
		}
	}
	if set != 1 {
		return probe{}, errors.New("set exactly one of equals, prefix and regexp")
	}
	match, want, err := k.matcher()
	if err != nil {
		return probe{}, err
	}
	return probe{expected: want, run: func(_ context.Context, env *Env) outcome {
		rel, err := ReadKernelRelease(env.Root)
		if err != nil {
			return readFailed("kernel release", err)
		}
		if !match(rel) {
			return failed(ClassBase, rel, "kernel %s, want %s", rel, want)
		}
		return passed(rel)
	}}, nil
}

func (k *KernelRelease) matcher() (func(string) bool, string, error) {
	switch {
	case k.Equals != "":
		return func(s string) bool { return s == k.Equals }, k.Equals, nil
	case k.Prefix != "":
		return func(s string) bool { return strings.HasPrefix(s, k.Prefix) }, k.Prefix + "*", nil
	}
	re, err := compile(k.Regexp)
	if err != nil {
		return nil, "", err
	}
	return re.MatchString, "matching /" + k.Regexp + "/", nil
}

// compile compiles a user regexp with an error that names it.
func compile(expr string) (*regexp.Regexp, error) {
	if len(expr) > 1024 {
		return nil, errors.New("regexp longer than 1024 bytes")
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, fmt.Errorf("bad regexp %q: %w", expr, err)
	}
	return re, nil
}
