package imaging

import (
	"errors"
	"os"
	"os/exec"
	"syscall"
	"testing"
)

// need skips the test when a prerequisite is missing, saying exactly what
// is missing; with CI=true in the environment the same condition fails it.
func need(t testing.TB, ok bool, what string) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("missing prerequisite: %s (fatal because CI=true)", what)
	}
	t.Skipf("missing prerequisite: %s", what)
}

// needTool returns the path of tool, which Debian ships in pkg.
func needTool(t testing.TB, tool, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(tool)
	need(t, err == nil, tool+" not in PATH (Debian package "+pkg+")")
	return p
}

func needRoot(t testing.TB) {
	t.Helper()
	need(t, os.Geteuid() == 0, "root (euid 0)")
}

// mountTmpfs mounts a tmpfs of the given size option ("4m") on a fresh
// directory and unmounts it when the test ends.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	needRoot(t)
	dir := t.TempDir()
	err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size)
	need(t, !errors.Is(err, syscall.EPERM), "permission to mount tmpfs (CAP_SYS_ADMIN)")
	if err != nil {
		t.Fatalf("mount tmpfs on %s: %v", dir, err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, 0); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	return dir
}
