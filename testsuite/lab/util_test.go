package lab_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/ironbase/ironbase/testsuite/lab"
)

// tWriter sends a logger's output to t.Log.
type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func readFile(p string) ([]byte, error) { return os.ReadFile(p) }

// pidAlive reports whether pid is a live, non-zombie process.
func pidAlive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i > 0 && len(s) > i+2 && s[i+2] != 'Z'
}

// saveState copies the lab's state directory (consoles, logs) to
// $IRONBASE_LAB_SAVE, for a look after the lab is gone.
func saveState(t *testing.T, l *lab.Lab) {
	dst := os.Getenv("IRONBASE_LAB_SAVE")
	if dst == "" {
		return
	}
	dst = filepath.Join(dst, l.Name())
	if out, err := exec.Command("cp", "-a", l.Dir(), dst).CombinedOutput(); err != nil {
		t.Logf("save lab state: %v: %s", err, out)
		return
	}
	t.Logf("lab state saved in %s", dst)
}
