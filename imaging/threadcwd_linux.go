package imaging

import (
	"fmt"
	"runtime"
	"syscall"
)

// inDir runs fn with dir as the working directory of the one OS thread fn
// runs on; the process's working directory is untouched.
//
// go-diskfs v1.9.4's squashfs Finalize reads symlink targets, xattrs and
// device numbers by workspace-relative paths, i.e. relative to the working
// directory, so symlinks fail unless the cwd is the workspace. A process
// wide chdir would break every relative path elsewhere in the server; a
// thread with its own fs_struct (unshare CLONE_FS) does not. The thread is
// never unlocked, so it exits with the goroutine. fn must not hand path
// work to other goroutines (Finalize does not).
func inDir(dir string, fn func() error) error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		if err := syscall.Unshare(syscall.CLONE_FS); err != nil {
			errc <- fmt.Errorf("unshare CLONE_FS: %w", err)
			return
		}
		if err := syscall.Chdir(dir); err != nil {
			errc <- fmt.Errorf("chdir %s: %w", dir, err)
			return
		}
		errc <- fn()
	}()
	return <-errc
}
