package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/ironbase/ironbase/testsuite/lab"
	"github.com/ironbase/ironbase/testsuite/lab/image"
)

// ironbaseBoot enrols the VM with its BMC into a pool whose image is the
// promoted lab image (as scenario 1 of testsuite/lab does) in a fresh lab
// and lets the controller power it on and verify it.
func ironbaseBoot(ctx context.Context, o latencyOptions, m image.Manifest, fw lab.Firmware) (bootResult, error) {
	l, err := newBenchLab(ctx, o, fw)
	if err != nil {
		return bootResult{}, err
	}
	defer l.Close()
	data, err := os.MkdirTemp("", "ironbase-bench-latency-")
	if err != nil {
		return bootResult{}, err
	}
	defer os.RemoveAll(data)
	c, err := startLabServer(ctx, l, filepath.Join(o.bin, "ironbase"), data)
	if err != nil {
		return bootResult{}, err
	}
	if err := c.setup(ctx, m); err != nil {
		return bootResult{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, o.limit)
	defer cancel()
	h := l.Host(benchHost)
	console := watchConsole(ctx, h.Console, consoleSize(h.Console))
	enrol := time.Now()
	if _, err := c.run(ctx, "host", "add", h.Name, "--mac", h.MAC, "--bmc", h.BMCAddr, "--bmc-user", h.BMCUser,
		"--bmc-password-file", h.BMCPasswordFile, "--bmc-cipher-suite", "3", "--firmware", string(h.Firmware), "--pool", "lab"); err != nil {
		return bootResult{}, err
	}
	t0, err := qemuStart(ctx, l)
	if err != nil {
		return bootResult{}, fmt.Errorf("%w; server log:\n%s", err, lab.TailFile(l.ServerLog(), 15))
	}
	cpu0 := nsCPU(ctx, l.Name())
	readyAt, err := c.waitReady(ctx)
	if err != nil {
		return bootResult{}, fmt.Errorf("%w; console:\n%s\nserver log:\n%s", err, consoleTail(l, 10), lab.TailFile(l.ServerLog(), 15))
	}
	cpu := cpuSince(cpu0, nsCPU(ctx, l.Name()))
	phases, err := c.phases(ctx, t0)
	if err != nil {
		return bootResult{}, err
	}
	sl := readServerLog(l.ServerLog())
	if !sl.fetched.IsZero() {
		phases = append(phases, latencyPhase{"fetched", sl.fetched.Sub(t0)})
	}
	return bootResult{total: readyAt.Sub(t0), phases: append(phases, console.phases(t0)...),
		note: fmt.Sprintf("[host add → qemu start %.1f s; hello requests: %s; %s]", t0.Sub(enrol).Seconds(),
			strings.Join(sl.hellos, ", "), cpuNote(cpu))}, nil
}

func startLabServer(ctx context.Context, l *lab.Lab, bin, data string) (ibCLI, error) {
	if err := l.StartServer(ctx, l.ServeArgs(bin, data)...); err != nil {
		return ibCLI{}, err
	}
	if err := l.WaitServer(ctx); err != nil {
		return ibCLI{}, err
	}
	tok, err := os.ReadFile(filepath.Join(data, "admin.token"))
	if err != nil {
		return ibCLI{}, fmt.Errorf("admin token: %w", err)
	}
	return ibCLI{bin: bin, url: l.URL(), token: strings.TrimSpace(string(tok))}, nil
}

// ibCLI runs the real ironbase CLI as an admin against a lab's server.
type ibCLI struct{ bin, url, token string }

func (c ibCLI) run(ctx context.Context, args ...string) ([]byte, error) {
	args = append(args, "--server", c.url, "--token", c.token)
	out, err := exec.CommandContext(ctx, c.bin, args...).CombinedOutput()
	if err != nil {
		return out, fmt.Errorf("ironbase %s: %w: %s", strings.Join(args[:len(args)-4], " "), err, out)
	}
	return out, nil
}

// setup makes pool lab with the good variant of the lab image promoted.
func (c ibCLI) setup(ctx context.Context, m image.Manifest) error {
	v := m.Variants[image.Good]
	out, err := c.run(ctx, "image", "import", "--name", "lab-good", "--kernel", m.Kernel, "--initrd", v.Initrd,
		"--cmdline", v.Cmdline, "--checks", m.Checks, "--version", m.KernelRelease, "-o", "json")
	if err != nil {
		return err
	}
	var im struct{ Digest string }
	if err := json.Unmarshal(out, &im); err != nil || im.Digest == "" {
		return fmt.Errorf("image import: %v: %s", err, out)
	}
	if _, err := c.run(ctx, "pool", "add", "lab"); err != nil {
		return err
	}
	_, err = c.run(ctx, "image", "promote", im.Digest, "--pool", "lab", "--force")
	return err
}

// waitReady polls the host until it is ready with a passed suite and
// returns when it became so (the server's state_since, not the poll's):
// polling slowly costs no precision, and each poll is a CLI process that
// would compete with the VM for the CPU.
func (c ibCLI) waitReady(ctx context.Context) (time.Time, error) {
	var h struct {
		State      string    `json:"state"`
		Reason     string    `json:"reason"`
		StateSince time.Time `json:"state_since"`
		Suite      *struct {
			Result string `json:"result"`
		} `json:"suite"`
	}
	for {
		out, err := c.run(ctx, "host", "show", benchHost, "-o", "json")
		if err == nil {
			err = json.Unmarshal(out, &h)
		}
		if err == nil && h.State == "ready" && h.Suite != nil && h.Suite.Result == "pass" {
			return h.StateSince, nil
		}
		select {
		case <-ctx.Done():
			return time.Time{}, fmt.Errorf("ironbase: host not ready (state %s, %s): %w", h.State, h.Reason, ctx.Err())
		case <-time.After(2 * time.Second):
		}
	}
}
