package imaging

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/diskfs/go-diskfs/backend/file"
	"github.com/diskfs/go-diskfs/partition/gpt"
)

// BuildDisk writes the disk image described by spec to the new file out
// (sparse; removed on failure) and returns its partitions.
func BuildDisk(ctx context.Context, out string, spec DiskSpec) (parts []PartitionInfo, err error) {
	parts, err = spec.layout()
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(out, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, storageErr("create disk image", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = storageErr("close disk image", cerr)
		}
		if err != nil {
			_ = os.Remove(out)
		}
	}()
	if err := f.Truncate(spec.Size); err != nil {
		return nil, storageErr("size disk image", err)
	}
	if err := writeDisk(ctx, f, &spec, parts); err != nil {
		return nil, err
	}
	return parts, nil
}

func writeDisk(ctx context.Context, f *os.File, spec *DiskSpec, parts []PartitionInfo) error {
	if err := writeGPT(f, spec.Size, parts); err != nil {
		return err
	}
	if err := writeESP(ctx, f, parts[0], spec); err != nil {
		return err
	}
	for i, root := range []string{spec.RootA, spec.RootB} {
		if root == "" {
			continue
		}
		if err := writeRaw(ctx, f, parts[1+i], root); err != nil {
			return err
		}
	}
	if err := f.Sync(); err != nil {
		return storageErr("fsync disk image", err)
	}
	return nil
}

func writeGPT(f *os.File, size int64, parts []PartitionInfo) error {
	types := map[string]gpt.Type{PartESP: gpt.EFISystemPartition}
	table := &gpt.Table{LogicalSectorSize: sector, PhysicalSectorSize: sector, ProtectiveMBR: true}
	for i, p := range parts {
		typ, ok := types[p.Name]
		if !ok {
			typ = gpt.LinuxFilesystem
		}
		table.Partitions = append(table.Partitions, &gpt.Partition{
			Index: i + 1, Start: uint64(p.Start / sector), End: uint64((p.Start+p.Length)/sector - 1),
			Type: typ, Name: p.Name,
		})
	}
	w, err := file.New(f, false).Writable()
	if err != nil {
		return fmt.Errorf("disk backend: %w", err)
	}
	if err := table.Write(w, size); err != nil {
		return storageErr("write GPT", err)
	}
	return nil
}

// writeRaw copies the file at src into partition p, byte for byte.
func writeRaw(ctx context.Context, f *os.File, p PartitionInfo, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return storageErr("open root image", err)
	}
	defer in.Close()
	w := io.NewOffsetWriter(f, p.Start)
	n, err := io.CopyBuffer(w, ctxReader{ctx, io.LimitReader(in, p.Length+1)}, make([]byte, chunkSize))
	if err != nil {
		return storageErr(fmt.Sprintf("write %s", p.Name), err)
	}
	if n > p.Length {
		return fmt.Errorf("%s: %s is larger than the partition (%d bytes)", p.Name, src, p.Length)
	}
	return nil
}
