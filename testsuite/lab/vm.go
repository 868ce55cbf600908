package lab

import (
	"context"
	"fmt"
	"syscall"
)

// QemuPid is the host's qemu process id, if its VM is on.
func (l *Lab) QemuPid(host string) (int, bool) {
	h := l.byName[host]
	if h == nil {
		return 0, false
	}
	return h.chassis.Running()
}

// KillQemu sends sig to the host's qemu: SIGSTOP makes a wedged host
// (the BMC still answers, the VM does not), SIGCONT revives it, SIGKILL
// is a power loss the BMC did not ask for.
func (l *Lab) KillQemu(host string, sig syscall.Signal) error {
	pid, ok := l.QemuPid(host)
	if !ok {
		return fmt.Errorf("lab: host %s: qemu is not running", host)
	}
	if err := syscall.Kill(pid, sig); err != nil {
		return fmt.Errorf("lab: host %s: kill qemu %d: %w", host, pid, err)
	}
	return nil
}

// KillBMC stops the host's ipmi_sim (an unreachable BMC); the VM keeps
// its power state.
func (l *Lab) KillBMC(host string) error {
	h, err := l.host(host)
	if err != nil {
		return err
	}
	h.sim.Kill()
	return nil
}

// RestartBMC starts the host's ipmi_sim again on the same port; a running
// VM reconnects its in-band link by itself.
func (l *Lab) RestartBMC(ctx context.Context, host string) error {
	h, err := l.host(host)
	if err != nil {
		return err
	}
	if err := h.sim.Restart(ctx); err != nil {
		return fmt.Errorf("lab: host %s: %w", host, err)
	}
	return nil
}

// BMCPid is the host's ipmi_sim process id (0 when it is stopped).
func (l *Lab) BMCPid(host string) int {
	if h := l.byName[host]; h != nil {
		return h.sim.Pid()
	}
	return 0
}
