package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/testsuite/prereq"
)

// importTestImage imports a small image (kernel, initrd, rootfs dir) and
// returns it and the temp dir holding its files.
func importTestImage(t *testing.T, l *lab, tok, name string) (catalog.Image, string) {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "vmlinuz"), []byte(name+" kernel"), 0o644)
	os.WriteFile(filepath.Join(dir, "initrd"), []byte(name+" initrd"), 0o644)
	os.MkdirAll(filepath.Join(dir, "root", "etc"), 0o755)
	os.WriteFile(filepath.Join(dir, "root", "etc", "os-release"), []byte("ID=lab\n"), 0o644)
	var im catalog.Image
	out := mustCLI(t, l, tok, "image", "import", "--name", name, "--kernel", filepath.Join(dir, "vmlinuz"),
		"--initrd", filepath.Join(dir, "initrd"), "--rootfs", filepath.Join(dir, "root"), "--cmdline", "console=ttyS0", "-o", "json")
	if err := json.Unmarshal([]byte(out), &im); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	return im, dir
}

// TestImageLifecycle: forced promotion, a derived candidate with a new
// kernel and a layer, supersede, revoke back to the pinned fallback, and a
// corrupt blob caught by verify.
func TestImageLifecycle(t *testing.T) {
	l := startServe(t)
	tok := l.adminToken(t)
	mustCLI(t, l, tok, "pool", "add", "lab")
	base, dir := importTestImage(t, l, tok, "deb12")
	if _, errs, code := l.cli(t, tok, "image", "promote", base.Digest, "--pool", "lab"); code != 4 || !strings.Contains(errs, "--force") {
		t.Fatalf("promotion without evidence: exit %d %q; want 4 asking for --force", code, errs)
	}
	mustCLI(t, l, tok, "image", "promote", base.Digest, "--pool", "lab", "--force")
	os.WriteFile(filepath.Join(dir, "vmlinuz-new"), []byte("newer kernel"), 0o644)
	os.MkdirAll(filepath.Join(dir, "drv", "lib"), 0o755)
	os.WriteFile(filepath.Join(dir, "drv", "lib", "nvidia.ko"), []byte("module"), 0o644)
	var cand catalog.Image
	json.Unmarshal([]byte(mustCLI(t, l, tok, "image", "derive", "deb12", "--kernel", filepath.Join(dir, "vmlinuz-new"),
		"--add", filepath.Join(dir, "drv"), "--version", "2", "-o", "json")), &cand)
	if cand.Parent != base.Digest || len(cand.Artifacts) != 4 || cand.Artifacts[2].Digest != base.Artifacts[2].Digest {
		t.Fatalf("derived image = %+v; want the base's rootfs, a new kernel and a layer", cand)
	}
	out := mustCLI(t, l, tok, "image", "promote", cand.Digest, "--pool", "lab", "--force")
	if !strings.Contains(out, "fallback "+base.Digest) {
		t.Errorf("promote output %q does not pin the old base as fallback", out)
	}
	out = mustCLI(t, l, tok, "image", "revoke", cand.Digest, "--pool", "lab", "--reason", "broke the driver")
	if !strings.Contains(out, "promoted "+base.Digest) {
		t.Errorf("revoke output %q: the fallback is not promoted again", out)
	}
	checkVerifyFindsCorruption(t, l, tok, cand)
}

func checkVerifyFindsCorruption(t *testing.T, l *lab, tok string, im catalog.Image) {
	t.Helper()
	mustCLI(t, l, tok, "image", "verify")
	kernel := im.Artifacts[0].Digest
	p := filepath.Join(l.data, "images", "blobs", "sha256", kernel[7:9], kernel[7:])
	os.Chmod(p, 0o644)
	b, _ := os.ReadFile(p)
	b[0] ^= 0xff
	os.WriteFile(p, b, 0o644)
	out, _, code := l.cli(t, tok, "image", "verify")
	if code != 1 || !strings.Contains(out, "BAD "+kernel) {
		t.Fatalf("verify after corruption: exit %d\n%s", code, out)
	}
	show := mustCLI(t, l, tok, "image", "show", im.Digest, "-o", "json")
	if !strings.Contains(show, `"corrupt": true`) {
		t.Errorf("the image using the bad blob is not flagged:\n%s", show)
	}
}

// TestImageDiskLayout builds a local-disk image and reads the partition
// table back with sfdisk.
func TestImageDiskLayout(t *testing.T) {
	prereq.Tool(t, "sfdisk", "fdisk")
	l := startServe(t)
	tok := l.adminToken(t)
	im, _ := importTestImage(t, l, tok, "deb12")
	out := filepath.Join(t.TempDir(), "disk.img")
	mustCLI(t, l, tok, "image", "disk", im.Digest, "--out", out)
	dump, err := exec.Command("sfdisk", "--dump", out).CombinedOutput()
	if err != nil {
		t.Fatalf("sfdisk: %v\n%s", err, dump)
	}
	for _, want := range []string{"label: gpt", "ironbase-a", "ironbase-b", "ironbase-scratch"} {
		if !strings.Contains(string(dump), want) {
			t.Errorf("partition table lacks %q:\n%s", want, dump)
		}
	}
}
