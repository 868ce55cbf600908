package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"
)

// nsCPU is the CPU time (user + system, with reaped children) of every
// process in a network namespace, summed by command name: what the
// server, the BMC (with its chassis program runs) and qemu cost a boot.
func nsCPU(ctx context.Context, netns string) map[string]time.Duration {
	out, err := exec.CommandContext(ctx, "ip", "netns", "pids", netns).Output()
	if err != nil {
		return nil
	}
	cpu := map[string]time.Duration{}
	for _, f := range strings.Fields(string(out)) {
		pid, err := strconv.Atoi(f)
		if err != nil {
			continue
		}
		if comm, d, ok := nsProcCPU(pid); ok {
			cpu[comm] += d
		}
	}
	return cpu
}

// nsProcCPU reads utime, stime, cutime and cstime of /proc/PID/stat.
func nsProcCPU(pid int) (string, time.Duration, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return "", 0, false
	}
	s := string(b)
	open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || end < open {
		return "", 0, false
	}
	f := strings.Fields(s[end+2:])
	if len(f) < 15 {
		return "", 0, false
	}
	var ticks int64
	for _, i := range []int{11, 12, 13, 14} {
		v, _ := strconv.ParseInt(f[i], 10, 64)
		ticks += v
	}
	return s[open+1 : end], time.Duration(ticks) * time.Second / 100, true
}

// cpuNote prints the CPU seconds of the busiest processes.
func cpuNote(cpu map[string]time.Duration) string {
	names := make([]string, 0, len(cpu))
	for n := range cpu {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int { return int(cpu[b] - cpu[a]) })
	var parts []string
	for _, n := range names {
		if cpu[n] >= 50*time.Millisecond {
			parts = append(parts, fmt.Sprintf("%s %.1f", n, cpu[n].Seconds()))
		}
	}
	return "cpu s: " + strings.Join(parts, ", ")
}

// cpuSince is the CPU time spent since an earlier nsCPU sample.
func cpuSince(before, now map[string]time.Duration) map[string]time.Duration {
	d := map[string]time.Duration{}
	for n, v := range now {
		d[n] = v - before[n]
	}
	return d
}
