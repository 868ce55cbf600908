package image

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// Variant names in a Manifest.
const (
	Good  = "good"   // boots, phones home, passes its checks
	Panic = "panic"  // the kernel panics at boot and stays down (no reboot)
	NoNIC = "no-nic" // boots without the NIC driver: never phones home
)

// Manifest is what a build produced; tests read it from
// CACHE/manifest.json (ReadManifest). Paths are absolute.
type Manifest struct {
	KernelRelease string             `json:"kernel_release"`
	KernelPackage string             `json:"kernel_package"` // name=version
	Busybox       string             `json:"busybox_package"`
	Kernel        string             `json:"kernel"`
	Checks        string             `json:"checks"`
	Variants      map[string]Variant `json:"variants"`
	Dir           string             `json:"dir"`
}

// Variant is one bootable image: the kernel with an initrd and a command
// line (what `ironbase image import` takes).
type Variant struct {
	Initrd  string `json:"initrd"`
	Cmdline string `json:"cmdline"`
}

// ReadManifest reads a manifest.json.
func ReadManifest(path string) (Manifest, error) {
	var m Manifest
	b, err := os.ReadFile(path)
	if err != nil {
		return m, fmt.Errorf("image: %w", err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("image: %s: %w", path, err)
	}
	return m, nil
}

func writeManifest(path string, m Manifest) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("image: manifest: %w", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("image: %w", err)
	}
	return renameErr(tmp, path)
}

// manifestFor lays out the manifest of an image directory.
func manifestFor(dir, release string, k, bb pkg) Manifest {
	p := func(name string) string { return filepath.Join(dir, name) }
	return Manifest{
		KernelRelease: release, KernelPackage: k.String(), Busybox: bb.String(),
		Kernel: p("vmlinuz"), Checks: p("checks.json"), Dir: dir,
		Variants: map[string]Variant{
			Good:  {Initrd: p("initrd.gz"), Cmdline: "console=ttyS0"},
			Panic: {Initrd: p("initrd.gz"), Cmdline: "console=ttyS0 rdinit=/nonexistent init=/nonexistent panic=0"},
			NoNIC: {Initrd: p("initrd-nonic.gz"), Cmdline: "console=ttyS0"},
		},
	}
}
