//go:build unix

package testsuite

import (
	"os/exec"
	"syscall"
)

// killGroupOnCancel puts cmd in its own process group and makes
// cancellation kill the group, so "sh -c 'sleep 30'" dies with its child.
func killGroupOnCancel(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
