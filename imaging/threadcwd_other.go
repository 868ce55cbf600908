//go:build !linux

package imaging

// inDir runs fn in the current working directory: only Linux can give one
// thread its own. Symlinks in squashfs builds fail there (see the Linux
// version).
func inDir(_ string, fn func() error) error { return fn() }
