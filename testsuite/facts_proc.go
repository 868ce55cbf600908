package testsuite

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
)

// ReadKernelRelease returns the running kernel's release (uname -r) from
// proc/sys/kernel/osrelease.
func ReadKernelRelease(root fs.FS) (string, error) {
	b, err := fs.ReadFile(root, "proc/sys/kernel/osrelease")
	if err != nil {
		return "", fmt.Errorf("kernel release: %w", err)
	}
	return strings.TrimSpace(string(b)), nil
}

// ReadModules returns the loaded modules from proc/modules, most recently
// loaded first (the kernel's order). A kernel built without module support
// has no proc/modules and no modules.
func ReadModules(root fs.FS) ([]string, error) {
	b, err := fs.ReadFile(root, "proc/modules")
	if isNotExist(err) {
		return []string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("modules: %w", err)
	}
	mods := []string{}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			mods = append(mods, f[0])
		}
	}
	return mods, nil
}

// ReadMemTotalKiB returns MemTotal from proc/meminfo, in KiB.
func ReadMemTotalKiB(root fs.FS) (uint64, error) {
	b, err := fs.ReadFile(root, "proc/meminfo")
	if err != nil {
		return 0, fmt.Errorf("meminfo: %w", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[0] == "MemTotal:" {
			v, err := strconv.ParseUint(f[1], 10, 64)
			if err != nil {
				return 0, fmt.Errorf("meminfo: MemTotal %q: %w", f[1], err)
			}
			return v, nil
		}
	}
	return 0, fmt.Errorf("meminfo: no MemTotal line")
}
