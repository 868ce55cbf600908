package imaging

import (
	"fmt"
	"os"

	"github.com/ironbase/ironbase/catalog"
)

// Partition names on a disk built by BuildDisk: what the agent and a boot
// entry refer to (root=PARTLABEL=ironbase-a).
const (
	PartESP     = "ESP"
	PartSlotA   = "ironbase-a"
	PartSlotB   = "ironbase-b"
	PartScratch = "ironbase-scratch"
)

// Paths of the boot files in the ESP.
const (
	ESPKernel = "EFI/ironbase/vmlinuz"
	ESPInitrd = "EFI/ironbase/initrd.img"
	ESPConfig = "loader/entries/ironbase.conf"
)

const (
	mib = int64(1) << 20
	// DefaultESPSize: roomy for a kernel and a large initrd, above the
	// 65525 clusters FAT32 needs, and not the 64 MiB that go-diskfs
	// v1.9.4 formats corruptly.
	DefaultESPSize = 256 * mib
	minScratch     = 64 * mib
	sector         = 512
	alignSectors   = mib / sector
	gptTailSectors = 33 // backup partition array and header
)

// DiskSpec describes a disk image for local-disk mode: a GPT with an EFI
// system partition (FAT32: kernel, initrd, boot entry), slot A and slot B
// (squashfs written raw) and a scratch partition taking the rest.
type DiskSpec struct {
	Size       int64  // total bytes; 0 = the smallest that fits
	ESPSize    int64  // 0 = DefaultESPSize; exactly 64 MiB is refused
	SlotSize   int64  // each slot; 0 = the larger root image, plus half, MiB-aligned
	Kernel     string // file copied to ESPKernel
	Initrd     string // file copied to ESPInitrd
	BootConfig []byte // written to ESPConfig (see BootEntry)
	RootA      string // squashfs file written raw into slot A
	RootB      string // optional squashfs for slot B (left zeroed if empty)
}

// PartitionInfo is one partition of a built disk, in bytes.
type PartitionInfo struct {
	Name          string
	Start, Length int64
}

// BootEntry renders a systemd-boot entry that boots slot A's root.
func BootEntry(title, cmdline string) []byte {
	return fmt.Appendf(nil, "title %s\nlinux /%s\ninitrd /%s\noptions root=PARTLABEL=%s ro %s\n",
		title, ESPKernel, ESPInitrd, PartSlotA, cmdline)
}

// layout decides partition offsets: 1 MiB aligned, in order ESP, A, B,
// scratch. It checks sizes but does no I/O except stat'ing the roots.
func (d *DiskSpec) layout() ([]PartitionInfo, error) {
	if err := d.setDefaults(); err != nil {
		return nil, err
	}
	start := mib
	var parts []PartitionInfo
	for _, p := range []PartitionInfo{{PartESP, 0, d.ESPSize}, {PartSlotA, 0, d.SlotSize}, {PartSlotB, 0, d.SlotSize}} {
		parts = append(parts, PartitionInfo{p.Name, start, p.Length})
		start += p.Length
	}
	end := (d.Size/sector - gptTailSectors) / alignSectors * mib // aligned end of usable space
	if end-start < minScratch {
		return nil, catalog.Errorf(catalog.KindInvalid, "disk size %d too small: need at least %d", d.Size, start+minScratch+mib)
	}
	return append(parts, PartitionInfo{PartScratch, start, end - start}), nil
}

func (d *DiskSpec) setDefaults() error {
	if d.ESPSize == 0 {
		d.ESPSize = DefaultESPSize
	}
	if d.ESPSize == 64*mib || d.ESPSize%mib != 0 || d.ESPSize < 40*mib {
		return catalog.Errorf(catalog.KindInvalid, "ESP size %d: want a multiple of 1 MiB, at least 40 MiB, not 64 MiB", d.ESPSize)
	}
	rootMax, err := largest(d.RootA, d.RootB)
	if err != nil {
		return err
	}
	if d.SlotSize == 0 {
		d.SlotSize = alignUp(rootMax + rootMax/2)
	}
	if d.SlotSize < rootMax || d.SlotSize%mib != 0 {
		return catalog.Errorf(catalog.KindInvalid, "slot size %d: want a multiple of 1 MiB holding %d bytes", d.SlotSize, rootMax)
	}
	if d.Size == 0 {
		d.Size = mib + d.ESPSize + 2*d.SlotSize + minScratch + mib
	}
	return nil
}

// largest returns the size of the larger of the files (a is required).
func largest(a, b string) (int64, error) {
	var n int64
	for i, p := range []string{a, b} {
		if p == "" && i == 1 {
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			return 0, storageErr("root image", err)
		}
		n = max(n, st.Size())
	}
	return n, nil
}

func alignUp(n int64) int64 { return max(mib, (n+mib-1)/mib*mib) }
