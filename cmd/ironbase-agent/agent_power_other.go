//go:build !linux

package main

import "errors"

// sysPower is the real powerer; only Linux has one.
type sysPower struct{}

func (sysPower) Reboot() error   { return errors.New("reboot: only supported on Linux") }
func (sysPower) PowerOff() error { return errors.New("poweroff: only supported on Linux") }
