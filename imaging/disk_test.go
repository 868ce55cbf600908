package imaging

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/diskfs/go-diskfs/backend/file"
	"github.com/diskfs/go-diskfs/filesystem/fat32"
	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/testsuite/prereq"
)

type diskInputs struct {
	dir                          string
	kernel, initrd, rootA, rootB string
}

func makeDiskInputs(t *testing.T) diskInputs {
	t.Helper()
	in := diskInputs{dir: t.TempDir()}
	in.kernel = writeTemp(t, in.dir, "vmlinuz", randBytes(30, 3<<20+5))
	in.initrd = writeTemp(t, in.dir, "initrd.img", randBytes(31, 5<<20+7))
	in.rootA = filepath.Join(in.dir, "a.sqfs")
	in.rootB = filepath.Join(in.dir, "b.sqfs")
	for _, out := range []string{in.rootA, in.rootB} {
		if err := BuildSquashfs(context.Background(), makeTree(t), out); err != nil {
			t.Fatal(err)
		}
	}
	return in
}

func writeTemp(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBuildDisk(t *testing.T) {
	sfdisk := prereq.Tool(t, "sfdisk", "fdisk")
	fsck := prereq.Tool(t, "fsck.vfat", "dosfstools")
	unsq := prereq.Tool(t, "unsquashfs", "squashfs-tools")
	in := makeDiskInputs(t)
	for _, esp := range []int64{0, 40 * mib, 100 * mib} {
		t.Run(fmt.Sprintf("esp=%dMiB", esp/mib), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "disk.img")
			spec := DiskSpec{ESPSize: esp, Kernel: in.kernel, Initrd: in.initrd, RootA: in.rootA, RootB: in.rootB,
				BootConfig: BootEntry("lab", "console=ttyS0")}
			parts, err := BuildDisk(context.Background(), out, spec)
			if err != nil {
				t.Fatalf("BuildDisk: %v", err)
			}
			checkSfdisk(t, sfdisk, out, parts)
			checkESP(t, fsck, out, parts[0], in)
			for i, p := range parts[1:3] {
				listing, err := exec.Command(unsq, "-o", fmt.Sprint(p.Start), "-l", out).CombinedOutput()
				if err != nil || !strings.Contains(string(listing), "squashfs-root/usr/bin/agent") {
					t.Errorf("slot %d: unsquashfs -o %d -l: %v\n%s", i, p.Start, err, listing)
				}
			}
		})
	}
}

// checkSfdisk reads the table back with sfdisk --dump and wants every
// partition at the offset, size, type and name BuildDisk reported.
func checkSfdisk(t *testing.T, sfdisk, img string, parts []PartitionInfo) {
	t.Helper()
	dump, err := exec.Command(sfdisk, "--dump", img).CombinedOutput()
	if err != nil {
		t.Fatalf("sfdisk --dump: %v\n%s", err, dump)
	}
	if !strings.Contains(string(dump), "label: gpt") {
		t.Fatalf("sfdisk sees no GPT:\n%s", dump)
	}
	types := map[string]string{PartESP: "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"}
	for i, p := range parts {
		typ := types[p.Name]
		if typ == "" {
			typ = "0FC63DAF-8483-4772-8E79-3D69D8477DE4"
		}
		want := fmt.Sprintf("%s%d : start=%12d, size=%12d, type=%s", img, i+1, p.Start/sector, p.Length/sector, typ)
		if !strings.Contains(string(dump), want) || !strings.Contains(string(dump), fmt.Sprintf("name=%q", p.Name)) {
			t.Errorf("sfdisk --dump lacks %q (name %q):\n%s", want, p.Name, dump)
		}
	}
	if n := strings.Count(string(dump), " : start="); n != len(parts) {
		t.Errorf("sfdisk lists %d partitions, want %d", n, len(parts))
	}
}

// checkESP extracts the ESP, runs fsck.vfat -n on it and reads the boot
// files back.
func checkESP(t *testing.T, fsck, img string, p PartitionInfo, in diskInputs) {
	t.Helper()
	esp := filepath.Join(t.TempDir(), "esp.img")
	src, _ := os.Open(img)
	defer src.Close()
	dst, _ := os.Create(esp)
	if _, err := io.Copy(dst, io.NewSectionReader(src, p.Start, p.Length)); err != nil {
		t.Fatal(err)
	}
	dst.Close()
	if b, err := exec.Command(fsck, "-n", esp).CombinedOutput(); err != nil {
		t.Fatalf("fsck.vfat -n: %v\n%s", err, b)
	}
	f, _ := os.Open(esp)
	defer f.Close()
	fsys, err := fat32.Read(file.New(f, true), p.Length, 0, sector)
	if err != nil {
		t.Fatalf("read back ESP: %v", err)
	}
	for dst, src := range map[string]string{ESPKernel: in.kernel, ESPInitrd: in.initrd} {
		got, err := fsys.ReadFile(dst)
		want, _ := os.ReadFile(src)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("ESP %s: %d bytes, err %v; want the %d bytes of %s", dst, len(got), err, len(want), src)
		}
	}
}

func TestBuildDiskRefuses(t *testing.T) {
	in := diskInputs{dir: t.TempDir()}
	in.rootA = writeTemp(t, in.dir, "a.sqfs", make([]byte, 4096))
	tests := []struct {
		name string
		spec DiskSpec
	}{
		{"esp 64MiB", DiskSpec{ESPSize: 64 * mib, RootA: in.rootA}},
		{"esp unaligned", DiskSpec{ESPSize: 100*mib + 1, RootA: in.rootA}},
		{"too small", DiskSpec{Size: 200 * mib, RootA: in.rootA}},
		{"slot too small", DiskSpec{SlotSize: mib, RootA: writeTemp(t, in.dir, "big", make([]byte, 2*mib))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "disk.img")
			_, err := BuildDisk(context.Background(), out, tt.spec)
			if !catalog.IsKind(err, catalog.KindInvalid) {
				t.Fatalf("BuildDisk err = %v, want kind invalid", err)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Fatalf("refused build left %s", out)
			}
		})
	}
}
