package lab

import (
	"context"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Sweep removes what labs of dead processes left behind: their state
// directories under root, and any lab namespace (with every process in it)
// whose owner is gone. New calls it; it never touches a live run's lab.
func Sweep(ctx context.Context, root string, log *slog.Logger) {
	ents, _ := os.ReadDir(root)
	for _, e := range ents {
		dir := filepath.Join(root, e.Name())
		o, err := readOwner(dir)
		if err != nil {
			o = owner{Pid: ownerPid(nsPrefix + e.Name()), Netns: nsPrefix + e.Name(), HostIf: vethPrefix + e.Name()}
		}
		if !o.alive() {
			log.Info("sweeping a dead run's lab", "netns", o.Netns, "pid", o.Pid)
			destroy(ctx, o, dir)
		}
	}
	for _, ns := range namespaces(ctx, nsPrefix) {
		if pid := ownerPid(ns); startTime(pid) == 0 {
			log.Info("sweeping a dead run's namespace", "netns", ns, "pid", pid)
			destroy(ctx, owner{Pid: pid, Netns: ns, HostIf: vethPrefix + strings.TrimPrefix(ns, nsPrefix)}, "")
		}
	}
}

// SweepNamespaces is Sweep for other tests' network namespaces, named
// prefix+PID-… after the process that owns them: each one whose owner is
// gone is deleted with every process in it. A live process's namespaces
// are never touched, nor is anything when prefix is empty.
func SweepNamespaces(ctx context.Context, prefix string, log *slog.Logger) {
	if prefix == "" {
		return
	}
	for _, ns := range namespaces(ctx, prefix) {
		pid, _, _ := strings.Cut(strings.TrimPrefix(ns, prefix), "-")
		if n, err := strconv.Atoi(pid); err == nil && n > 0 && startTime(n) == 0 {
			log.Info("sweeping a dead process's namespace", "netns", ns, "pid", n)
			killNamespace(ctx, ns)
			exec.CommandContext(ctx, "ip", "netns", "del", ns).Run()
		}
	}
}

// destroy kills every process in the lab's namespace, deletes the
// namespace (taps, bridge and the uplink pair go with it) and removes dir.
func destroy(ctx context.Context, o owner, dir string) {
	killNamespace(ctx, o.Netns)
	exec.CommandContext(ctx, "ip", "netns", "del", o.Netns).Run()
	exec.CommandContext(ctx, "ip", "link", "del", o.HostIf).Run()
	if dir != "" {
		os.RemoveAll(dir)
	}
}

// killNamespace SIGKILLs the processes of a namespace until none is left
// (5 s at most: a process in uninterruptible sleep can outlive that).
func killNamespace(ctx context.Context, netns string) {
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		pids := namespacePids(ctx, netns)
		if len(pids) == 0 {
			return
		}
		for _, p := range pids {
			syscall.Kill(p, syscall.SIGKILL)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func namespacePids(ctx context.Context, netns string) []int {
	out, _ := exec.CommandContext(ctx, "ip", "netns", "pids", netns).Output()
	var pids []int
	for _, f := range strings.Fields(string(out)) {
		if p, err := strconv.Atoi(f); err == nil && p != os.Getpid() {
			pids = append(pids, p)
		}
	}
	return pids
}

// namespaces lists the network namespaces whose names start with prefix.
func namespaces(ctx context.Context, prefix string) []string {
	out, _ := exec.CommandContext(ctx, "ip", "netns", "list").Output()
	var ns []string
	for _, line := range strings.Split(string(out), "\n") {
		name, _, _ := strings.Cut(strings.TrimSpace(line), " ")
		if strings.HasPrefix(name, prefix) {
			ns = append(ns, name)
		}
	}
	return ns
}
