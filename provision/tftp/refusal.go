package tftp

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// refusal is the error a handler returns to refuse a request. Its Error
// text is what the client sees, so it never names server paths.
type refusal struct {
	reason string
	err    error // detail for the log only; may be nil
}

func (r *refusal) Error() string {
	if r.reason == reasonNotFound {
		return "file not found"
	}
	return "access violation"
}

func (r *refusal) Unwrap() error { return r.err }

// openReason names why opening rel under dir failed. os.Root has already
// refused the open; this only picks the label for metrics and the log.
// os.Root follows relative symlinks that stay inside, so a failure on a
// path through a symlink means the link leaves dir or is absolute.
func openReason(dir, rel string, err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return reasonNotFound
	case viaSymlink(dir, rel):
		return reasonEscape
	}
	return reasonOpen
}

// viaSymlink reports whether any component of rel under dir is a symlink.
func viaSymlink(dir, rel string) bool {
	path := dir
	for _, part := range strings.Split(rel, "/") {
		path = filepath.Join(path, part)
		fi, err := os.Lstat(path)
		if err != nil {
			return false
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			return true
		}
	}
	return false
}
