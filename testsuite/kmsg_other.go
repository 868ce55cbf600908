//go:build !unix

package testsuite

import (
	"context"
	"errors"
)

// Kmsg reads /dev/kmsg; only on unix.
type Kmsg struct {
	Path string
}

// ReadKernelLog implements KernelLog.
func (k Kmsg) ReadKernelLog(ctx context.Context) ([]byte, error) {
	return nil, errors.New("kernel log: /dev/kmsg is only read on unix")
}
