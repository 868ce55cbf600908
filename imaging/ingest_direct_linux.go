package imaging

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// startDirect turns O_DIRECT on for f unless f lives in memory (tmpfs,
// ramfs), where direct I/O is still a copy and costs more system time.
// It fails on a file system without direct I/O.
func startDirect(f *os.File) error {
	var st unix.Statfs_t
	if err := unix.Fstatfs(int(f.Fd()), &st); err != nil {
		return err
	}
	if st.Type == unix.TMPFS_MAGIC || st.Type == unix.RAMFS_MAGIC {
		return errors.ErrUnsupported
	}
	return setDirect(f, true)
}

// setDirect turns O_DIRECT on or off for f.
func setDirect(f *os.File, on bool) error {
	fd := f.Fd()
	fl, err := unix.FcntlInt(fd, unix.F_GETFL, 0)
	if err != nil {
		return err
	}
	if on {
		fl |= unix.O_DIRECT
	} else {
		fl &^= unix.O_DIRECT
	}
	_, err = unix.FcntlInt(fd, unix.F_SETFL, fl)
	return err
}
