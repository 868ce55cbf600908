package imaging

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/diskfs/go-diskfs/backend/file"
	"github.com/diskfs/go-diskfs/filesystem/squashfs"
	"github.com/ironbase/ironbase/catalog"
)

// squashfsTimeOffset is the superblock's modification_time field.
const squashfsTimeOffset = 8

// BuildSquashfs builds a zstd-compressed squashfs of the directory tree src
// into the new file out (which must not exist; it is removed on failure).
// Regular files, directories and symbolic links are supported, with their
// permissions and modification times; files are owned by root; hard links
// become copies; device nodes, fifos and sockets are refused. The superblock
// time is pinned, so the same tree gives the same bytes (and digest).
//
// go-diskfs stages the whole tree in a workspace under os.TempDir() before
// writing it out, single-threaded: expect to need the tree's size free there.
func BuildSquashfs(ctx context.Context, src, out string) (err error) {
	if st, err := os.Stat(src); err != nil || !st.IsDir() {
		return catalog.Errorf(catalog.KindInvalid, "%s is not a directory", src)
	}
	f, err := os.OpenFile(out, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return storageErr("create squashfs file", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = storageErr("close squashfs file", cerr)
		}
		if err != nil {
			_ = os.Remove(out)
		}
	}()
	return writeSquashfs(ctx, src, f)
}

// writeSquashfs writes the squashfs of src into f from offset 0 and fsyncs.
func writeSquashfs(ctx context.Context, src string, f *os.File) (err error) {
	sq, err := squashfs.Create(file.New(f, false), 0, 0, 0)
	if err != nil {
		return fmt.Errorf("squashfs create: %w", err)
	}
	ws := sq.Workspace() // Finalize forgets it: take it now
	defer func() { err = errors.Join(err, removeWorkspace(ws)) }()
	if err := populate(ctx, sq, src); err != nil {
		return err
	}
	opts := squashfs.FinalizeOptions{Compression: &squashfs.CompressorZstd{}}
	if err := inDir(sq.Workspace(), func() error { return sq.Finalize(opts) }); err != nil {
		return storageErr("squashfs finalize", err)
	}
	var zero [4]byte // modification_time = 0 (1970), for reproducible bytes
	if _, err := f.WriteAt(zero[:], squashfsTimeOffset); err != nil {
		return storageErr("pin squashfs time", err)
	}
	if err := f.Sync(); err != nil {
		return storageErr("fsync squashfs", err)
	}
	return nil
}

// removeWorkspace deletes the staging directory go-diskfs leaves behind.
func removeWorkspace(ws string) error {
	if err := os.RemoveAll(ws); err != nil {
		return fmt.Errorf("remove squashfs workspace: %w", err)
	}
	return nil
}
