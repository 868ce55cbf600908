package imaging

import (
	"errors"
	"syscall"
	"testing"

	"github.com/ironbase/ironbase/testsuite/prereq"
)

// mountTmpfs mounts a tmpfs of the given size option ("4m") on a fresh
// directory and unmounts it when the test ends.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	prereq.Root(t)
	dir := t.TempDir()
	err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size)
	prereq.Need(t, !errors.Is(err, syscall.EPERM), "permission to mount tmpfs (CAP_SYS_ADMIN)")
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
