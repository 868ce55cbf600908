//go:build unix

package testsuite

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
)

// Kmsg reads the live kernel log from a /dev/kmsg device without waiting:
// it opens it O_NONBLOCK, reads one record per read(2) and stops at EAGAIN.
// Records overwritten while reading (EPIPE) are skipped.
type Kmsg struct {
	Path string
}

// ReadKernelLog implements KernelLog.
func (k Kmsg) ReadKernelLog(ctx context.Context) ([]byte, error) {
	fd, err := syscall.Open(k.Path, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("kernel log: open %s: %w", k.Path, err)
	}
	defer syscall.Close(fd)
	var out []byte
	buf := make([]byte, 8192) // a record is at most 1 KiB plus dictionary
	for len(out) < MaxKernelLog && ctx.Err() == nil {
		n, err := syscall.Read(fd, buf)
		switch {
		case errors.Is(err, syscall.EAGAIN), err == nil && n <= 0:
			return out, nil
		case errors.Is(err, syscall.EPIPE), errors.Is(err, syscall.EINTR):
			continue
		case err != nil:
			return out, fmt.Errorf("kernel log: read %s: %w", k.Path, os.NewSyscallError("read", err))
		}
		out = append(out, buf[:n]...)
		if buf[n-1] != '\n' {
			out = append(out, '\n')
		}
	}
	return out, ctx.Err()
}
