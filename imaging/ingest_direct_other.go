//go:build !linux

package imaging

import (
	"errors"
	"os"
)

// startDirect: direct I/O is only used on Linux; elsewhere blobs are
// written through the page cache.
func startDirect(*os.File) error { return errors.ErrUnsupported }

func setDirect(_ *os.File, on bool) error {
	if on {
		return errors.ErrUnsupported
	}
	return nil
}
