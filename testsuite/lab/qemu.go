package lab

import (
	"fmt"
	"strconv"

	"github.com/ironbase/ironbase/testsuite/lab/chassis"
)

// OVMF from Debian's ovmf package: the code is shared read-only, each UEFI
// host gets its own copy of the variable store.
const (
	ovmfCode = "/usr/share/OVMF/OVMF_CODE_4M.fd"
	ovmfVars = "/usr/share/OVMF/OVMF_VARS_4M.fd"
)

// qemuVM is what a host's qemu command line is made of.
type qemuVM struct {
	name, mac, tap, nic string
	memMiB, serialPort  int
	vars                string // UEFI variable store; empty for BIOS
	c                   chassis.Config
}

// argv is the qemu command line: TCG (KVM hangs in the iPXE ROM here),
// the serial console appended to a file, the NIC on the host's tap and
// first in the boot order, the in-band BMC linked to ipmi_sim, QMP for
// resets, and -daemonize with a pid file for the chassis program.
func (q qemuVM) argv() []string {
	a := []string{"qemu-system-x86_64", "-name", q.name, "-machine", "pc", "-accel", "tcg",
		"-m", strconv.Itoa(q.memMiB), "-smp", "1", "-display", "none", "-vga", "none",
		"-chardev", "file,id=con0,append=on,path=" + q.c.Console, "-serial", "chardev:con0",
		"-netdev", "tap,id=net0,ifname=" + q.tap + ",script=no,downscript=no",
		"-device", q.nic + ",netdev=net0,mac=" + q.mac + ",bootindex=1",
		"-chardev", fmt.Sprintf("socket,id=ipmi0,host=127.0.0.1,port=%d,reconnect=1", q.serialPort),
		"-device", "ipmi-bmc-extern,id=bmc0,chardev=ipmi0", "-device", "isa-ipmi-bt,bmc=bmc0",
		"-qmp", "unix:" + q.c.QMP + ",server=on,wait=off",
		"-boot", "n", "-daemonize", "-pidfile", q.c.PIDFile}
	if q.vars != "" {
		a = append(a, "-drive", "if=pflash,format=raw,unit=0,readonly=on,file="+ovmfCode,
			"-drive", "if=pflash,format=raw,unit=1,file="+q.vars)
	}
	return a
}
