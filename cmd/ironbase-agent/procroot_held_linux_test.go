package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/ironbase/ironbase/testsuite/prereq"
	"github.com/ironbase/ironbase/testsuite/usage"
)

// heldRoot is the real /proc (or another root) with its held descriptors
// closed when the test ends.
func heldRoot(t *testing.T, root string) *procRoot {
	t.Helper()
	r, err := newProcRoot(root)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.(*procRoot).close)
	return r.(*procRoot)
}

func startProc(t *testing.T, name string, args ...string) *exec.Cmd {
	t.Helper()
	c := exec.Command(prereq.Tool(t, name, "coreutils"), args...)
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Process.Kill(); c.Wait() })
	return c
}

func findProc(smp *usage.Sample, pid int) (usage.Proc, bool) {
	for _, p := range smp.Procs {
		if int(p.PID) == pid {
			return p, true
		}
	}
	return usage.Proc{}, false
}

func mustSample(t *testing.T, s *sampler) *usage.Sample {
	t.Helper()
	smp, err := s.sample()
	if err != nil {
		t.Fatal(err)
	}
	return smp
}

// A process read through a held descriptor exits between two samples:
// the second does not report it and lets go of its descriptor; one more
// sample reads every other process without opening a file.
func TestHeldStatProcessExits(t *testing.T) {
	r := heldRoot(t, "/")
	s := newSampler(r, time.Now)
	c := startProc(t, "sleep", "600")
	pid := strconv.Itoa(c.Process.Pid)
	if _, ok := findProc(mustSample(t, s), c.Process.Pid); !ok {
		t.Fatalf("first sample does not report sleep (pid %s)", pid)
	}
	if _, ok := r.held.fds[pid]; !ok {
		t.Fatalf("no descriptor held for pid %s", pid)
	}
	c.Process.Kill()
	c.Wait()
	if p, ok := findProc(mustSample(t, s), c.Process.Pid); ok {
		t.Errorf("second sample reports the exited process: %+v", p)
	}
	if _, ok := r.held.fds[pid]; ok {
		t.Errorf("descriptor of the exited pid %s still held", pid)
	}
	opens := r.held.opens
	smp := mustSample(t, s)
	if n := r.held.opens - opens; n > len(smp.Procs)/2 {
		t.Errorf("third sample opened %d stat files for %d processes; want most read through held descriptors", n, len(smp.Procs))
	}
}

// At most limit descriptors are held; the processes beyond are still
// read (opened each sample).
func TestHeldStatBound(t *testing.T) {
	r := heldRoot(t, "/")
	r.held.limit = 8
	s := newSampler(r, time.Now)
	c := startProc(t, "sleep", "600")
	for range 3 {
		smp := mustSample(t, s)
		if _, ok := findProc(smp, c.Process.Pid); !ok || len(smp.Procs) <= 8 {
			t.Fatalf("sample of %d processes without sleep (pid %d); want it and more than 8", len(smp.Procs), c.Process.Pid)
		}
		if n := len(r.held.fds); n != 8 {
			t.Errorf("%d descriptors held, want the limit, 8", n)
		}
	}
	if l := heldLimit(); l <= 0 || l > maxHeld {
		t.Errorf("heldLimit() = %d, want 1..%d", l, maxHeld)
	}
}

// reuseChild names the marker of TestHeldStatPIDReuse's child.
const reuseChild = "IRONBASE_AGENT_PIDREUSE_CHILD"

// TestHeldStatPIDReuse runs its check in a new pid namespace, where pids
// are predictable: see pidReuse.
func TestHeldStatPIDReuse(t *testing.T) {
	if os.Getenv(reuseChild) != "" {
		pidReuse(t)
		return
	}
	prereq.Root(t)
	c := exec.Command(os.Args[0], "-test.run=^TestHeldStatPIDReuse$", "-test.v", "-test.count=1")
	c.Env = append(os.Environ(), reuseChild+"=1")
	c.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWPID | syscall.CLONE_NEWNS, Pdeathsig: syscall.SIGKILL}
	out, err := c.CombinedOutput()
	if err != nil {
		t.Fatalf("child in a new pid namespace: %v\n%s", err, out)
	}
	t.Logf("child:\n%s", out)
}

// pidReuse: sleep is sampled (its stat descriptor held), exits, and cat
// gets its pid (ns_last_pid set back); the next sample must report cat
// with cat's start time (field 22), not sleep's name.
func pidReuse(t *testing.T) {
	s, r, dir := nsSampler(t)
	old := startProc(t, "sleep", "600")
	mustSample(t, s)
	pid := strconv.Itoa(old.Process.Pid)
	if _, ok := r.held.fds[pid]; !ok {
		t.Fatalf("no descriptor held for sleep (pid %s)", pid)
	}
	old.Process.Kill()
	old.Wait()
	last := filepath.Join(dir, "proc/sys/kernel/ns_last_pid")
	if err := os.WriteFile(last, []byte(strconv.Itoa(old.Process.Pid-1)), 0); err != nil {
		t.Fatal(err)
	}
	cat := exec.Command(prereq.Tool(t, "cat", "coreutils"))
	in, _ := cat.StdinPipe()
	if err := cat.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { in.Close(); cat.Wait() }()
	if cat.Process.Pid != old.Process.Pid {
		t.Fatalf("cat got pid %d, not sleep's %d", cat.Process.Pid, old.Process.Pid)
	}
	opens := r.held.opens
	p, ok := findProc(mustSample(t, s), cat.Process.Pid)
	want := startOf(t, dir, pid)
	if !ok || p.Comm != "cat" || p.Start != want {
		t.Errorf("pid %s after reuse: %+v (found %v); want comm cat, start %d", pid, p, ok, want)
	}
	if n := r.held.opens - opens; n != 1 {
		t.Errorf("opened %d stat files after the reuse, want 1: sleep's descriptor dropped, cat's stat opened", n)
	}
	t.Logf("sleep and cat were pid %s; cat started at tick %d", pid, want)
}

// nsSampler mounts this pid namespace's own proc in a private mount
// namespace and returns a sampler of it.
func nsSampler(t *testing.T) (*sampler, *procRoot, string) {
	t.Helper()
	if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		t.Fatalf("make mounts private: %v", err)
	}
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "proc"), 0o755)
	if err := unix.Mount("proc", filepath.Join(dir, "proc"), "proc", 0, ""); err != nil {
		t.Fatalf("mount proc: %v", err)
	}
	t.Cleanup(func() { unix.Unmount(filepath.Join(dir, "proc"), unix.MNT_DETACH) })
	r := heldRoot(t, dir)
	return newSampler(r, time.Now), r, dir
}

// startOf is field 22 of proc/PID/stat under dir.
func startOf(t *testing.T, dir, pid string) uint64 {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "proc", pid, "stat"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := parseStat(b)
	if err != nil {
		t.Fatal(err)
	}
	return st.start
}
