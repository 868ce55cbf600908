package imaging

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path"

	"github.com/diskfs/go-diskfs/backend/file"
	"github.com/diskfs/go-diskfs/filesystem/fat32"
)

// writeESP formats partition p as FAT32, copies the kernel, initrd and
// boot entry into it and repairs what go-diskfs gets wrong (see fixESP).
func writeESP(ctx context.Context, f *os.File, p PartitionInfo, spec *DiskSpec) error {
	fsys, err := fat32.Create(file.New(f, false), p.Length, p.Start, sector, "ESP", true)
	if err != nil {
		return fmt.Errorf("format ESP: %w", err)
	}
	if err := writeFAT(fsys, ESPConfig, bytes.NewReader(spec.BootConfig)); err != nil {
		return err
	}
	for _, c := range []struct{ dst, src string }{{ESPKernel, spec.Kernel}, {ESPInitrd, spec.Initrd}} {
		if err := copyToFAT(ctx, fsys, c.dst, c.src); err != nil {
			return err
		}
	}
	return fixESP(f, p)
}

func copyToFAT(ctx context.Context, fsys *fat32.FileSystem, dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return storageErr("open "+src, err)
	}
	defer in.Close()
	return writeFAT(fsys, dst, ctxReader{ctx, in})
}

// writeFAT writes r to dst (io/fs-style path) in fsys, creating parents.
func writeFAT(fsys *fat32.FileSystem, dst string, r io.Reader) error {
	if err := fsys.Mkdir(path.Dir(dst)); err != nil {
		return fmt.Errorf("ESP mkdir %s: %w", path.Dir(dst), err)
	}
	out, err := fsys.OpenFile(dst, os.O_CREATE|os.O_RDWR)
	if err != nil {
		return fmt.Errorf("ESP create %s: %w", dst, err)
	}
	if _, err := io.CopyBuffer(out, r, make([]byte, chunkSize)); err != nil {
		_ = out.Close()
		return fmt.Errorf("ESP write %s: %w", dst, err)
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("ESP close %s: %w", dst, err)
	}
	return nil
}
