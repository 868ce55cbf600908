package imaging

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/ironbase/ironbase/testsuite/prereq"
)

// mountExt4 makes an ext4 file system of the given size ("16M") in a
// file, loop-mounts it on a fresh directory and unmounts it (detaching
// the loop device) when the test ends. Unlike tmpfs it takes O_DIRECT
// writes to a block device, the path blobs take on a real disk.
func mountExt4(t *testing.T, size string) string {
	t.Helper()
	prereq.Root(t)
	mkfs := prereq.Tool(t, "mkfs.ext4", "e2fsprogs")
	mount := prereq.Tool(t, "mount", "mount")
	_, err := os.Stat("/dev/loop-control")
	prereq.Need(t, err == nil, "/dev/loop-control (a kernel with loop devices)")
	img := filepath.Join(t.TempDir(), "fs.img")
	dir := t.TempDir()
	run(t, "truncate", "-s", size, img)
	run(t, mkfs, "-q", "-F", "-E", "nodiscard", img)
	run(t, mount, "-o", "loop", img, dir)
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}

func run(t *testing.T, name string, args ...string) {
	t.Helper()
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %q: %v: %s", name, args, err, out)
	}
}
