package chassis

import (
	"os"
	"strconv"
	"syscall"
)

// closeInherited marks every descriptor above stderr close-on-exec.
// ipmi_sim runs the chassis program with its own sockets open (its IPMI
// port, the in-band serial link), and Go's exec only closes descriptors it
// opened itself: without this, qemu -daemonize would keep ipmi_sim's UDP
// port bound after ipmi_sim dies, and a restarted BMC could never bind it.
func closeInherited() {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return
	}
	for _, e := range entries {
		if fd, err := strconv.Atoi(e.Name()); err == nil && fd > 2 {
			syscall.CloseOnExec(fd)
		}
	}
}
