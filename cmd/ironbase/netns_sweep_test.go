package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ironbase/ironbase/testsuite/prereq"
)

// TestNetLabSweep: a netLab namespace whose test process is gone (a test
// binary killed by a timeout) is deleted by the next newNetLab's sweep,
// and the process still running in it killed; a live process's namespace
// is left alone.
func TestNetLabSweep(t *testing.T) {
	prereq.Root(t)
	prereq.Tool(t, "ip", "iproute2")
	prereq.Tool(t, "sleep", "coreutils")
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	dead := fmt.Sprintf("%s%d-1", srvNSPrefix, gone.Process.Pid)
	live := fmt.Sprintf("%s%d-0", cliNSPrefix, os.Getpid())
	for _, ns := range []string{dead, live} {
		sh(t, "ip", "netns", "add", ns)
		t.Cleanup(func() { exec.Command("ip", "netns", "del", ns).Run() })
	}
	left := exec.Command("ip", "netns", "exec", dead, "sleep", "600")
	if err := left.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- left.Wait() }()
	t.Cleanup(func() { left.Process.Kill() })
	waitInNamespace(t, dead, left.Process.Pid)

	sweepNetLabs(t)
	if list := sh(t, "ip", "netns", "list"); strings.Contains(list, dead) || !strings.Contains(list, live) {
		t.Errorf("after the sweep:\n%swant %s gone and %s kept", list, dead, live)
	}
	select {
	case err := <-exited:
		if ws, ok := left.ProcessState.Sys().(syscall.WaitStatus); !ok || ws.Signal() != syscall.SIGKILL {
			t.Errorf("the process left in %s ended with %v, want SIGKILL", dead, err)
		}
	case <-time.After(10 * time.Second):
		t.Errorf("the process left in %s still runs 10 s after the sweep", dead)
	}
}

// waitInNamespace waits until `ip netns pids` lists pid in ns.
func waitInNamespace(t *testing.T, ns string, pid int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if strings.Contains(" "+strings.Join(strings.Fields(sh(t, "ip", "netns", "pids", ns)), " ")+" ", fmt.Sprintf(" %d ", pid)) {
			return
		}
	}
	t.Fatalf("process %d never showed up in namespace %s", pid, ns)
}
