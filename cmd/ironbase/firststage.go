package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// maxFirstStage bounds one first-stage binary (iPXE builds are < 2 MiB).
const maxFirstStage = 64 << 20

// stageFirstStage copies the regular files of src (following symlinks, such
// as Debian's /usr/lib/ipxe/ipxe.efi -> /boot/ipxe.efi) into dst, which TFTP
// then serves with no symlink able to lead out of it. Copies are written
// through a temp file and renamed, so TFTP never sees half a binary.
func stageFirstStage(src, dst string) (int, error) {
	entries, err := os.ReadDir(src)
	if err != nil {
		return 0, usageErr("--ipxe-dir %s: %v (Debian package ipxe)", src, err)
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return 0, fmt.Errorf("first-stage dir: %w", err)
	}
	n := 0
	for _, e := range entries {
		fi, err := os.Stat(filepath.Join(src, e.Name()))
		if err != nil || !fi.Mode().IsRegular() || fi.Size() > maxFirstStage {
			continue
		}
		if err := copyFile(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("first stage: %w", err)
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".stage-*")
	if err != nil {
		return fmt.Errorf("first stage: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, in); err != nil {
		tmp.Close()
		return fmt.Errorf("first stage: copy %s: %w", src, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), dst)
}
