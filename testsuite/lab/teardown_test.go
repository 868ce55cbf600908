package lab_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ironbase/ironbase/testsuite/lab"
)

// childEnv names the file a child test process reports its lab in.
const childEnv = "IRONBASE_LAB_CHILD_REPORT"

// leftovers is what a lab leaves running while in use.
type leftovers struct {
	Netns, HostIf, Dir string
	Pids               []int // every process in the namespace: ipmi_sim, qemu, the server...
}

// TestTeardownAfterKill: a test process that built a lab, powered a VM on
// and started a server that escaped its parent's death signal is killed
// with SIGKILL; the next New sweeps its namespace, processes, uplink and
// state, and Close leaves nothing of its own lab either.
func TestTeardownAfterKill(t *testing.T) {
	requireLab(t)
	b := buildBins(t)
	report := filepath.Join(t.TempDir(), "child.json")
	child := exec.Command(os.Args[0], "-test.run=^TestLabChildProcess$", "-test.v")
	child.Env = append(os.Environ(), childEnv+"="+report, "IRONBASE_LAB_HELPER="+b.helper)
	out, _ := os.Create(filepath.Join(t.TempDir(), "child.log"))
	child.Stdout, child.Stderr = out, out
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	left := waitReport(t, report, child, out.Name())
	child.Process.Kill()
	child.Wait()
	for _, name := range []string{"qemu-system-x86", "sleep"} {
		if p := findComm(left.Pids, name); p == 0 || !pidAlive(p) {
			t.Fatalf("%s did not outlive the killed child: nothing left for the sweep to prove", name)
		}
	}
	l, err := lab.New(context.Background(), lab.Config{Helper: b.helper, Hosts: []lab.HostSpec{{Name: "h1"}}})
	if err != nil {
		t.Fatal(err)
	}
	assertGone(t, "killed run", left)
	mine := leftovers{Netns: l.Name(), HostIf: l.HostInterface(), Dir: l.Dir(), Pids: []int{l.BMCPid("h1")}}
	if err := l.Close(); err != nil {
		t.Error(err)
	}
	assertGone(t, "closed lab", mine)
}

// TestLabChildProcess is the child of TestTeardownAfterKill: it builds a
// lab, powers its host on over IPMI, starts a daemonizing "server", reports
// what runs, and waits to be killed.
func TestLabChildProcess(t *testing.T) {
	report := os.Getenv(childEnv)
	if report == "" {
		t.Skip("only run as TestTeardownAfterKill's child")
	}
	ctx := context.Background()
	l, err := lab.New(ctx, lab.Config{Helper: os.Getenv("IRONBASE_LAB_HELPER"), Hosts: []lab.HostSpec{{Name: "h1", Firmware: lab.UEFI}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.IPMI(ctx, "h1", "chassis", "power", "on"); err != nil {
		t.Fatal(err)
	}
	// setsid forks (the child is a group leader): the sleep escapes the death signal.
	if err := l.StartServer(ctx, "setsid", "sleep", "600"); err != nil {
		t.Fatal(err)
	}
	pids := waitPids(t, l.Name(), "qemu-system-x86", "sleep", "ipmi_sim")
	b, _ := json.Marshal(leftovers{Netns: l.Name(), HostIf: l.HostInterface(), Dir: l.Dir(), Pids: pids})
	os.WriteFile(report+".tmp", b, 0o644)
	os.Rename(report+".tmp", report)
	select {}
}

// waitPids polls until the namespace runs a process of each name and
// returns all of its processes.
func waitPids(t *testing.T, netns string, names ...string) []int {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		out, _ := exec.Command("ip", "netns", "pids", netns).Output()
		var pids []int
		for _, f := range strings.Fields(string(out)) {
			p, _ := strconv.Atoi(f)
			pids = append(pids, p)
		}
		if !slices.ContainsFunc(names, func(n string) bool { return findComm(pids, n) == 0 }) {
			return pids
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("namespace %s: no %v after 30 s", netns, names)
	return nil
}

// findComm returns the first of pids whose command name is name.
func findComm(pids []int, name string) int {
	for _, p := range pids {
		if comm(p) == name {
			return p
		}
	}
	return 0
}

func waitReport(t *testing.T, path string, child *exec.Cmd, log string) leftovers {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(path); err == nil {
			var l leftovers
			if err := json.Unmarshal(b, &l); err != nil {
				t.Fatal(err)
			}
			return l
		}
		if child.ProcessState != nil || syscall.Kill(child.Process.Pid, 0) != nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	child.Process.Kill()
	child.Wait()
	t.Fatalf("the child built no lab:\n%s", lab.TailFile(log, 30))
	return leftovers{}
}

// assertGone checks that no namespace, uplink, state directory or process
// of a lab is left.
func assertGone(t *testing.T, what string, l leftovers) {
	t.Helper()
	if out, _ := exec.Command("ip", "netns", "list").Output(); strings.Contains(string(out), l.Netns) {
		t.Errorf("%s: namespace %s still exists", what, l.Netns)
	}
	if exec.Command("ip", "link", "show", l.HostIf).Run() == nil {
		t.Errorf("%s: uplink %s still exists", what, l.HostIf)
	}
	if _, err := os.Stat(l.Dir); err == nil {
		t.Errorf("%s: state directory %s still exists", what, l.Dir)
	}
	for _, p := range l.Pids {
		if pidAlive(p) {
			t.Errorf("%s: process %d (%s) still running", what, p, comm(p))
		}
	}
}

func comm(pid int) string {
	b, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/comm")
	return strings.TrimSpace(string(b))
}
