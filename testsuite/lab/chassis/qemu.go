package chassis

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Running reports the VM's qemu process id, if one is alive (a zombie
// waiting for its reaper counts as dead).
func (c Config) Running() (int, bool) {
	b, err := os.ReadFile(c.PIDFile)
	if err != nil {
		return 0, false
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return 0, false
	}
	return pid, Alive(pid, "qemu")
}

// Alive reports whether pid is a live (not zombie) process whose command
// name contains comm.
func Alive(pid int, comm string) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	s := string(b)
	open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || end < open || len(s) < end+3 {
		return false
	}
	return strings.Contains(s[open+1:end], comm) && s[end+2] != 'Z' && s[end+2] != 'X'
}

// PowerOn starts qemu unless it is running. qemu -daemonize returns once
// the VM is set up, so a bad argument or a busy tap is reported here.
func (c Config) PowerOn(ctx context.Context) error {
	if _, ok := c.Running(); ok {
		return nil
	}
	os.Remove(c.PIDFile)
	c.note("power on")
	log, err := os.OpenFile(c.Log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("chassis: %w", err)
	}
	defer log.Close()
	start, _ := log.Seek(0, 2)
	closeInherited()
	cmd := exec.CommandContext(ctx, c.Qemu[0], c.Qemu[1:]...)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("chassis: qemu exited: %w: %s", err, tail(c.Log, start, 5))
	}
	return nil
}

// PowerOff kills qemu (a pulled plug, even for a stopped VM) and waits
// until it is gone.
func (c Config) PowerOff(ctx context.Context) error {
	pid, ok := c.Running()
	if !ok {
		return nil
	}
	c.note("power off")
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		return fmt.Errorf("chassis: kill qemu %d: %w", pid, err)
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	for Alive(pid, "qemu") {
		select {
		case <-ctx.Done():
			return fmt.Errorf("chassis: qemu %d still alive after SIGKILL: %w", pid, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
	os.Remove(c.PIDFile)
	return nil
}

// Reset is a hard reset over QMP; a VM that is off stays off.
func (c Config) Reset(ctx context.Context) error {
	if _, ok := c.Running(); !ok {
		return nil
	}
	c.note("reset")
	return qmp(ctx, c.QMP, "system_reset")
}

// Shutdown presses the ACPI power button; the guest decides.
func (c Config) Shutdown(ctx context.Context) error {
	if _, ok := c.Running(); !ok {
		return nil
	}
	return qmp(ctx, c.QMP, "system_powerdown")
}

// note appends a line to the console log, so a reader sees power events
// between boots.
func (c Config) note(what string) {
	if f, err := os.OpenFile(c.Console, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644); err == nil {
		fmt.Fprintf(f, "\r\n[ironbase-lab chassis: %s]\r\n", what)
		f.Close()
	}
}

// tail returns the last n lines written to path after offset.
func tail(path string, offset int64, n int) string {
	b, _ := os.ReadFile(path)
	if offset < int64(len(b)) {
		b = b[offset:]
	}
	lines := bytes.Split(bytes.TrimSpace(b), []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return string(bytes.Join(lines, []byte(" | ")))
}
