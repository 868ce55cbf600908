package main

import (
	"fmt"
	"syscall"
)

// sysPower is the real powerer: flush the file systems, then reboot(2).
type sysPower struct{}

func (sysPower) Reboot() error   { return sysReboot(syscall.LINUX_REBOOT_CMD_RESTART) }
func (sysPower) PowerOff() error { return sysReboot(syscall.LINUX_REBOOT_CMD_POWER_OFF) }

func sysReboot(cmd int) error {
	syscall.Sync()
	if err := syscall.Reboot(cmd); err != nil {
		return fmt.Errorf("reboot(2): %w", err)
	}
	return nil
}
