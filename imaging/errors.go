package imaging

import (
	"errors"
	"io/fs"
	"os"
	"syscall"

	"github.com/ironbase/ironbase/catalog"
)

// kindErr wraps err in a domain error of kind k with message msg.
func kindErr(k catalog.Kind, msg string, err error) error {
	return &catalog.Error{Kind: k, Msg: msg, Err: err}
}

// storageErr classifies a file system error: a full disk or quota is
// KindUnavailable (retry after freeing space), a missing file KindNotFound,
// anything else internal. The cause stays in the chain (errors.Is works).
func storageErr(msg string, err error) error {
	switch {
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return kindErr(catalog.KindUnavailable, msg+": storage full", err)
	case errors.Is(err, fs.ErrNotExist):
		return kindErr(catalog.KindNotFound, msg, err)
	default:
		return kindErr(catalog.KindInternal, msg, err)
	}
}

// syncDir fsyncs a directory so that entries created or renamed in it are
// durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	serr := d.Sync()
	cerr := d.Close()
	return errors.Join(serr, cerr)
}
