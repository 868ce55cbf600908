package lab

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"syscall"
)

// command is argv inside the namespace, killed with its parent.
func (l *Lab) command(argv ...string) *exec.Cmd {
	cmd := exec.Command("ip", append([]string{"netns", "exec", l.names.netns}, argv...)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
	return cmd
}

// Command returns name with args to run inside the lab's namespace; it is
// killed when ctx ends and when the calling process dies.
func (l *Lab) Command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "ip", append([]string{"netns", "exec", l.names.netns, name}, args...)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	return cmd
}

// Exec runs name inside the namespace and returns its combined output;
// the error carries the command and its output.
func (l *Lab) Exec(ctx context.Context, name string, args ...string) ([]byte, error) {
	var out bytes.Buffer
	cmd := l.Command(ctx, name, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return out.Bytes(), fmt.Errorf("lab: %s %s: %w: %s", name, strings.Join(args, " "), err, strings.TrimSpace(out.String()))
	}
	return out.Bytes(), nil
}

// IPMI runs ipmitool against the host's BMC over lanplus with cipher
// suite 3 (ipmi_sim does not offer 17), e.g. IPMI(ctx, "n1", "chassis", "power", "on").
func (l *Lab) IPMI(ctx context.Context, host string, args ...string) ([]byte, error) {
	h, err := l.host(host)
	if err != nil {
		return nil, err
	}
	base := []string{"-I", "lanplus", "-C", "3", "-H", "127.0.0.1", "-p", fmt.Sprint(h.bmcPort),
		"-U", h.BMCUser, "-f", h.BMCPasswordFile, "-R", "2", "-N", "2"}
	return l.Exec(ctx, "ipmitool", append(base, args...)...)
}

func (l *Lab) host(name string) (*Host, error) {
	h := l.byName[name]
	if h == nil {
		return nil, fmt.Errorf("lab: no host %q", name)
	}
	return h, nil
}
