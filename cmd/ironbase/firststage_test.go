package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestStageFirstStageFollowsSymlinksIntoACopy(t *testing.T) {
	src, outside, dst := t.TempDir(), t.TempDir(), filepath.Join(t.TempDir(), "tftp")
	os.WriteFile(filepath.Join(outside, "ipxe.efi"), []byte("efi"), 0o644)
	os.Symlink(filepath.Join(outside, "ipxe.efi"), filepath.Join(src, "ipxe.efi"))
	os.WriteFile(filepath.Join(src, "undionly.kpxe"), []byte("bios"), 0o644)
	os.Mkdir(filepath.Join(src, "subdir"), 0o755)
	os.Symlink("/nonexistent", filepath.Join(src, "dangling"))
	n, err := stageFirstStage(src, dst)
	if err != nil || n != 2 {
		t.Fatalf("staged %d, %v; want 2 files", n, err)
	}
	for name, want := range map[string]string{"ipxe.efi": "efi", "undionly.kpxe": "bios"} {
		fi, err := os.Lstat(filepath.Join(dst, name))
		if err != nil || !fi.Mode().IsRegular() {
			t.Fatalf("%s: %v; want a regular file", name, err)
		}
		if b, _ := os.ReadFile(filepath.Join(dst, name)); string(b) != want {
			t.Errorf("%s = %q, want %q", name, b, want)
		}
	}
	if _, err := stageFirstStage(filepath.Join(src, "missing"), dst); err == nil {
		t.Error("a missing --ipxe-dir was accepted")
	}
}
