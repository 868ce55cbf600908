package image

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// initrd describes one initramfs: busybox, the agent, /init and a set of
// kernel modules with their modules.dep.
type initrd struct {
	busybox string   // a static busybox binary
	agent   string   // the static ironbase-agent
	kroot   string   // the extracted kernel package
	release string   // kernel release
	files   []string // module files, relative to lib/modules/RELEASE
	load    []string // module names, in load order
}

// build writes the gzip-compressed newc cpio archive to out.
func (r initrd) build(ctx context.Context, out string) error {
	stage, err := os.MkdirTemp(filepath.Dir(out), ".stage-")
	if err != nil {
		return fmt.Errorf("image: %w", err)
	}
	defer os.RemoveAll(stage)
	if err := r.populate(stage); err != nil {
		return err
	}
	if _, err := run(ctx, "", r.busybox, "depmod", "-b", stage, r.release); err != nil {
		return err
	}
	return packCpio(ctx, r.busybox, stage, out)
}

// populate lays out the initramfs tree under stage.
func (r initrd) populate(stage string) error {
	modDir := filepath.Join("lib", "modules", r.release)
	copies := map[string]string{"bin/busybox": r.busybox, "sbin/ironbase-agent": r.agent}
	for _, f := range append(r.files, "modules.builtin", "modules.order") {
		copies[filepath.Join(modDir, f)] = filepath.Join(r.kroot, modDir, f)
	}
	for dst, src := range copies {
		if err := copyFile(src, filepath.Join(stage, dst)); err != nil {
			return err
		}
	}
	writes := map[string]string{
		"init":              fmt.Sprintf(initScript, strings.Join(r.load, " ")),
		"etc/udhcpc.script": udhcpcScript,
	}
	for name, body := range writes {
		if err := writeExec(filepath.Join(stage, name), body); err != nil {
			return err
		}
	}
	if err := os.Symlink("busybox", filepath.Join(stage, "bin", "sh")); err != nil {
		return fmt.Errorf("image: %w", err)
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("image: %w", err)
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("image: %w", err)
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return fmt.Errorf("image: %w", err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("image: copy %s: %w", src, err)
	}
	return closeErr(out)
}

func writeExec(path, body string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("image: %w", err)
	}
	if err := os.WriteFile(path, []byte(body), 0o755); err != nil {
		return fmt.Errorf("image: %w", err)
	}
	return nil
}

// packCpio archives stage with `busybox cpio -o -H newc` and gzips it into
// out through a temp file, so out is either complete or absent.
func packCpio(ctx context.Context, busybox, stage, out string) error {
	list, err := fileList(stage)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".initrd-")
	if err != nil {
		return fmt.Errorf("image: %w", err)
	}
	defer os.Remove(tmp.Name())
	zw := gzip.NewWriter(tmp)
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, busybox, "cpio", "-o", "-H", "newc")
	cmd.Dir, cmd.Stdin, cmd.Stdout, cmd.Stderr = stage, strings.NewReader(list), zw, &stderr
	if err := cmd.Run(); err != nil {
		tmp.Close()
		return fmt.Errorf("image: busybox cpio: %w: %s", err, stderr.String())
	}
	if err := zw.Close(); err != nil {
		tmp.Close()
		return fmt.Errorf("image: gzip: %w", err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("image: %w", err)
	}
	if err := closeErr(tmp); err != nil {
		return err
	}
	return renameErr(tmp.Name(), out)
}

// fileList lists every path under root, relative, one a line, parents first.
func fileList(root string) (string, error) {
	var b strings.Builder
	err := filepath.WalkDir(root, func(p string, _ fs.DirEntry, err error) error {
		if err != nil || p == root {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		b.WriteString(rel + "\n")
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("image: %w", err)
	}
	return b.String(), nil
}

func closeErr(f *os.File) error {
	if err := f.Close(); err != nil {
		return fmt.Errorf("image: %w", err)
	}
	return nil
}

func renameErr(from, to string) error {
	if err := os.Rename(from, to); err != nil {
		return fmt.Errorf("image: %w", err)
	}
	return nil
}
