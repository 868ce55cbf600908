package testsuite

import (
	"context"
	"errors"
	"slices"
	"strings"
)

// ModuleLoaded checks that a kernel module is in /proc/modules. Dashes and
// underscores are equivalent, as for modprobe.
type ModuleLoaded struct {
	Name string `json:"name"`
}

func (m *ModuleLoaded) prepare() (probe, error) {
	if m.Name == "" || len(m.Name) > 64 || strings.ContainsAny(m.Name, " \t\n/") {
		return probe{}, errors.New("name: want a module name such as nvidia")
	}
	want := canonModule(m.Name)
	return probe{expected: m.Name + " loaded", run: func(_ context.Context, env *Env) outcome {
		mods, err := ReadModules(env.Root)
		if err != nil {
			return readFailed("/proc/modules", err)
		}
		if !slices.ContainsFunc(mods, func(s string) bool { return canonModule(s) == want }) {
			list := shortList(mods)
			return failed(ClassBase, list, "module %s not loaded; loaded: %s", m.Name, list)
		}
		return passed(m.Name + " loaded")
	}}, nil
}

func canonModule(s string) string { return strings.ReplaceAll(s, "-", "_") }
