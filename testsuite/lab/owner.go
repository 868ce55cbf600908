package lab

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

const ownerFile = "owner.json"

// owner records which process a lab belongs to, so a later run can tell a
// lab whose process died (and sweep it) from one still in use.
type owner struct {
	Pid    int    `json:"pid"`
	Start  uint64 `json:"start"` // the process's start time, against pid reuse
	Netns  string `json:"netns"`
	HostIf string `json:"host_if"`
}

func selfOwner(n names) owner {
	return owner{Pid: os.Getpid(), Start: startTime(os.Getpid()), Netns: n.netns, HostIf: n.hostIf}
}

// alive reports whether the owning process still runs.
func (o owner) alive() bool {
	st := startTime(o.Pid)
	return st != 0 && (o.Start == 0 || st == o.Start)
}

// startTime is field 22 of /proc/PID/stat (0 when there is no such process).
func startTime(pid int) uint64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 20 {
		return 0
	}
	n, _ := strconv.ParseUint(fields[19], 10, 64)
	return n
}

func writeOwner(dir string, o owner) error {
	b, _ := json.Marshal(o)
	tmp := filepath.Join(dir, ownerFile+".tmp")
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return fmt.Errorf("lab: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, ownerFile)); err != nil {
		return fmt.Errorf("lab: %w", err)
	}
	return nil
}

func readOwner(dir string) (owner, error) {
	var o owner
	b, err := os.ReadFile(filepath.Join(dir, ownerFile))
	if err != nil {
		return o, err
	}
	return o, json.Unmarshal(b, &o)
}
