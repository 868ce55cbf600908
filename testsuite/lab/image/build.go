// Package image builds the virtual lab's boot image from Debian packages:
// the kernel of linux-image-amd64, and an initramfs of busybox-static, the
// NIC and in-band IPMI modules and the static ironbase-agent, plus two
// broken variants (a kernel that panics at boot, an initramfs without the
// NIC driver) and the image's acceptance checks. Packages are fetched with
// `apt-get download` and unpacked with `dpkg-deb -x`; nothing is installed
// on the build machine. Results are cached by their inputs, so a second
// build is a few file checks.
package image

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
)

// Options for Build. Zero values work except CacheDir and Agent.
type Options struct {
	CacheDir      string // e.g. .cache/lab; created when missing
	Agent         string // the static bin/ironbase-agent to put in /sbin
	KernelPackage string // default linux-image-amd64
	Logger        *slog.Logger
}

func (o *Options) setDefaults() error {
	if o.CacheDir == "" || o.Agent == "" {
		return fmt.Errorf("image: CacheDir and Agent are required")
	}
	abs, err := filepath.Abs(o.CacheDir)
	if err != nil {
		return fmt.Errorf("image: %w", err)
	}
	o.CacheDir = abs
	if o.KernelPackage == "" {
		o.KernelPackage = "linux-image-amd64"
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return os.MkdirAll(o.CacheDir, 0o755)
}

// Build builds (or finds in the cache) the lab image and writes
// CACHE/manifest.json.
func Build(ctx context.Context, o Options) (Manifest, error) {
	if err := o.setDefaults(); err != nil {
		return Manifest{}, err
	}
	if err := checkStatic(o.Agent); err != nil {
		return Manifest{}, err
	}
	src, err := fetchSources(ctx, o)
	if err != nil {
		return Manifest{}, err
	}
	key, err := src.key(o.Agent)
	if err != nil {
		return Manifest{}, err
	}
	dir := filepath.Join(o.CacheDir, "image", src.release+"-"+key)
	m := manifestFor(dir, src.release, src.kernel, src.busybox)
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err != nil {
		o.Logger.Info("building lab image", "kernel", src.release, "dir", dir)
		if err := src.assemble(ctx, o, dir, m); err != nil {
			return Manifest{}, err
		}
	}
	return m, writeManifest(filepath.Join(o.CacheDir, "manifest.json"), m)
}

// sources are the unpacked Debian packages an image is built from.
type sources struct {
	kernel, busybox pkg
	kroot, bbroot   string
	release         string
}

func fetchSources(ctx context.Context, o Options) (sources, error) {
	var s sources
	var err error
	if s.kernel, err = kernelPackage(ctx, o.KernelPackage); err != nil {
		return s, err
	}
	if s.busybox, _, err = candidate(ctx, "busybox-static"); err != nil {
		return s, err
	}
	if s.kroot, err = unpack(ctx, o, s.kernel); err != nil {
		return s, err
	}
	if s.bbroot, err = unpack(ctx, o, s.busybox); err != nil {
		return s, err
	}
	s.release, err = kernelRelease(s.kroot)
	return s, err
}

func unpack(ctx context.Context, o Options, p pkg) (string, error) {
	deb, err := fetch(ctx, o.CacheDir, p)
	if err != nil {
		return "", err
	}
	return extract(ctx, o.CacheDir, p, deb)
}

// kernelRelease is the one directory under lib/modules.
func kernelRelease(kroot string) (string, error) {
	ents, err := os.ReadDir(filepath.Join(kroot, "lib", "modules"))
	if err != nil || len(ents) != 1 {
		return "", fmt.Errorf("image: want one kernel release in %s/lib/modules (%v)", kroot, err)
	}
	return ents[0].Name(), nil
}

// key hashes every input of the image: packages, agent, scripts, modules.
func (s sources) key(agent string) (string, error) {
	f, err := os.Open(agent)
	if err != nil {
		return "", fmt.Errorf("image: agent: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("image: agent: %w", err)
	}
	fmt.Fprintln(h, s.kernel, s.busybox, initScript, udhcpcScript, nicModules, ipmiModules)
	b, _ := checksFile(s.release)
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))[:12], nil
}

func (s sources) bin() string { return filepath.Join(s.bbroot, "bin", "busybox") }

// assemble writes the kernel, both initrds, the checks and the manifest
// into a temp dir and renames it to dir.
func (s sources) assemble(ctx context.Context, o Options, dir string, m Manifest) error {
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return fmt.Errorf("image: %w", err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), ".build-")
	if err != nil {
		return fmt.Errorf("image: %w", err)
	}
	defer os.RemoveAll(tmp)
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("image: %w", err)
	}
	if err := s.writeAll(ctx, o, tmp); err != nil {
		return err
	}
	if err := writeManifest(filepath.Join(tmp, "manifest.json"), m); err != nil {
		return err
	}
	os.RemoveAll(dir)
	return renameErr(tmp, dir)
}

func (s sources) writeAll(ctx context.Context, o Options, dir string) error {
	kernel := filepath.Join(s.kroot, "boot", "vmlinuz-"+s.release)
	if err := copyFile(kernel, filepath.Join(dir, "vmlinuz")); err != nil {
		return err
	}
	if err := writeChecks(filepath.Join(dir, "checks.json"), s.release); err != nil {
		return err
	}
	deps, err := moduleDeps(ctx, s.bin(), s.kroot, s.release)
	if err != nil {
		return err
	}
	full := append(append([]string{}, nicModules...), ipmiModules...)
	if err := s.initrd(ctx, o.Agent, deps, full, filepath.Join(dir, "initrd.gz")); err != nil {
		return err
	}
	return s.initrd(ctx, o.Agent, deps, ipmiModules, filepath.Join(dir, "initrd-nonic.gz"))
}

// initrd builds one initramfs with the modules named by load (and their
// dependencies); /init modprobes every module of the full list, so a
// variant without some of them reports those as failed on the console.
func (s sources) initrd(ctx context.Context, agent string, deps map[string][]string, load []string, out string) error {
	files, err := closure(deps, load)
	if err != nil {
		return err
	}
	all := append(append([]string{}, nicModules...), ipmiModules...)
	r := initrd{busybox: s.bin(), agent: agent, kroot: s.kroot, release: s.release, files: files, load: all}
	return r.build(ctx, out)
}
