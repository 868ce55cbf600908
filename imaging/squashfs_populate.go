package imaging

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/diskfs/go-diskfs/filesystem/squashfs"
	"github.com/ironbase/ironbase/catalog"
	"golang.org/x/sys/unix"
)

const keptModeBits = fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky

// populate copies the tree src into the squashfs workspace, through the
// go-diskfs API where it has one (io/fs-style paths: "etc/hostname"),
// directly for symlinks (which the API does not implement).
func populate(ctx context.Context, sq *squashfs.FileSystem, src string) error {
	var mtimes []stamp
	err := filepath.WalkDir(src, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		info, err := e.Info()
		if err != nil {
			return err
		}
		mtimes = append(mtimes, stamp{rel, info.ModTime()})
		if rel == "." { // the workspace root stands for src itself
			return os.Chmod(sq.Workspace(), info.Mode()&keptModeBits)
		}
		return addEntry(sq, p, rel, info)
	})
	if err != nil {
		return fmt.Errorf("squashfs from %s: %w", src, err)
	}
	return setTimes(sq.Workspace(), mtimes)
}

// stamp is a path's modification time, restored once the tree is copied
// (writing into a directory changes its time).
type stamp struct {
	rel   string
	mtime time.Time
}

func addEntry(sq *squashfs.FileSystem, p, rel string, info fs.FileInfo) error {
	switch m := info.Mode(); {
	case m.IsDir():
		if err := sq.Mkdir(rel); err != nil {
			return err
		}
	case m.IsRegular():
		if err := copyInto(sq, p, rel); err != nil {
			return err
		}
	case m&fs.ModeSymlink != 0:
		target, err := os.Readlink(p)
		if err != nil {
			return err
		}
		return os.Symlink(target, filepath.Join(sq.Workspace(), filepath.FromSlash(rel)))
	default:
		return catalog.Errorf(catalog.KindInvalid, "%s: %v not supported in an image (only files, directories, symlinks)", rel, m.Type())
	}
	return sq.Chmod(rel, info.Mode()&keptModeBits)
}

func copyInto(sq *squashfs.FileSystem, p, rel string) error {
	in, err := os.Open(p)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := sq.OpenFile(rel, os.O_CREATE|os.O_RDWR|os.O_TRUNC)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		_ = out.Close()
		return err
	}
	return out.Close()
}

// setTimes restores modification times (of symlinks too: that keeps the
// build reproducible), deepest paths first so that a directory's time is
// set after its contents are in place.
func setTimes(ws string, stamps []stamp) error {
	for _, s := range slices.Backward(stamps) {
		p := filepath.Join(ws, filepath.FromSlash(s.rel))
		tv := unix.NsecToTimeval(s.mtime.UnixNano())
		if err := unix.Lutimes(p, []unix.Timeval{tv, tv}); err != nil {
			return fmt.Errorf("set time of %s: %w", s.rel, err)
		}
	}
	return nil
}
