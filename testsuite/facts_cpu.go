package testsuite

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
)

// ReadCPUCount returns the number of online CPUs from
// sys/devices/system/cpu/online ("0-3,6"), or, when that file is absent,
// the processor entries of proc/cpuinfo.
func ReadCPUCount(root fs.FS) (int, error) {
	b, err := fs.ReadFile(root, "sys/devices/system/cpu/online")
	if err == nil {
		n, err := parseCPUList(strings.TrimSpace(string(b)))
		if err != nil {
			return 0, fmt.Errorf("cpu online list: %w", err)
		}
		return n, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return 0, fmt.Errorf("cpu online list: %w", err)
	}
	return countCPUInfo(root)
}

func countCPUInfo(root fs.FS) (int, error) {
	b, err := fs.ReadFile(root, "proc/cpuinfo")
	if err != nil {
		return 0, fmt.Errorf("cpuinfo: %w", err)
	}
	n := 0
	for _, line := range strings.Split(string(b), "\n") {
		if k, _, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "processor" {
			n++
		}
	}
	return n, nil
}

// parseCPUList counts the CPUs in a kernel cpu list such as "0-3,6,8-9".
func parseCPUList(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	n := 0
	for _, part := range strings.Split(s, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := strconv.Atoi(lo)
		if err != nil {
			return 0, fmt.Errorf("%q: %w", s, err)
		}
		b := a
		if isRange {
			if b, err = strconv.Atoi(hi); err != nil {
				return 0, fmt.Errorf("%q: %w", s, err)
			}
		}
		if a < 0 || b < a {
			return 0, fmt.Errorf("%q: bad range %s", s, part)
		}
		n += b - a + 1
	}
	return n, nil
}
