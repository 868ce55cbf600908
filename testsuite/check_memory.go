package testsuite

import (
	"context"
	"errors"
	"fmt"
)

// MinMemory checks MemTotal in /proc/meminfo against a minimum in MiB.
// MemTotal is what the kernel manages, a little less than the installed
// RAM: leave a few percent of margin.
type MinMemory struct {
	MiB uint64 `json:"mib"`
}

func (m *MinMemory) prepare() (probe, error) {
	if m.MiB == 0 || m.MiB > 1<<40 {
		return probe{}, errors.New("mib: want a positive number of MiB")
	}
	want := fmt.Sprintf("≥ %d MiB", m.MiB)
	return probe{expected: want, run: func(_ context.Context, env *Env) outcome {
		kib, err := ReadMemTotalKiB(env.Root)
		if err != nil {
			return readFailed("/proc/meminfo", err)
		}
		obs := fmt.Sprintf("%d MiB", kib/1024)
		if kib/1024 < m.MiB {
			return failed(ClassBase, obs, "memory %s, want %s", obs, want)
		}
		return passed(obs)
	}}, nil
}
