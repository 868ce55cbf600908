package prereq

import (
	"errors"
	"syscall"
	"testing"
)

// Tmpfs mounts a tmpfs of the given size option ("4m") on a fresh
// directory and unmounts it when the test ends: a small disk to fill. It
// needs root (CAP_SYS_ADMIN); any other mount failure fails the test.
func Tmpfs(t testing.TB, size string) string {
	t.Helper()
	Root(t)
	dir := t.TempDir()
	err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size)
	Need(t, !errors.Is(err, syscall.EPERM), "permission to mount tmpfs (CAP_SYS_ADMIN)")
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
