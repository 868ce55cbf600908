package imaging

import (
	"encoding/binary"
	"fmt"
	"io"
	"os"
)

// fixESP repairs two defects of the FAT32 that go-diskfs v1.9.4 writes,
// both reported by fsck.vfat: the ".." entry of a top-level directory
// points at the root's cluster instead of 0, and the FSInfo free-cluster
// count is left "unknown". Both are rewritten in place.
func fixESP(f *os.File, p PartitionInfo) error {
	r := io.NewSectionReader(f, p.Start, p.Length)
	w := io.NewOffsetWriter(f, p.Start)
	g, err := readFATGeom(r)
	if err != nil {
		return err
	}
	fat := make([]byte, g.fatSectors*g.bps)
	if _, err := r.ReadAt(fat, g.reserved*g.bps); err != nil {
		return fmt.Errorf("read FAT: %w", err)
	}
	if err := g.fixDotDot(r, w, fat); err != nil {
		return err
	}
	return g.writeFreeCount(w, fat)
}

// fatGeom is the part of a FAT32 boot sector fixESP needs.
type fatGeom struct {
	bps, spc, reserved, fats, fatSectors, total int64
	root                                        uint32
	fsInfo, backupBoot                          int64
}

func readFATGeom(r io.ReaderAt) (fatGeom, error) {
	b := make([]byte, 512)
	if _, err := r.ReadAt(b, 0); err != nil {
		return fatGeom{}, fmt.Errorf("read ESP boot sector: %w", err)
	}
	le := binary.LittleEndian
	g := fatGeom{
		bps: int64(le.Uint16(b[11:])), spc: int64(b[13]), reserved: int64(le.Uint16(b[14:])),
		fats: int64(b[16]), total: int64(le.Uint32(b[32:])), fatSectors: int64(le.Uint32(b[36:])),
		root: le.Uint32(b[44:]), fsInfo: int64(le.Uint16(b[48:])), backupBoot: int64(le.Uint16(b[50:])),
	}
	if g.bps != sector || g.spc == 0 || g.fats == 0 || g.fatSectors == 0 {
		return fatGeom{}, fmt.Errorf("ESP boot sector: unexpected geometry %+v", g)
	}
	return g, nil
}

func (g fatGeom) clusterBytes() int64 { return g.spc * g.bps }
func (g fatGeom) dataStart() int64    { return (g.reserved + g.fats*g.fatSectors) * g.bps }
func (g fatGeom) clusters() int64     { return (g.total - g.reserved - g.fats*g.fatSectors) / g.spc }

func (g fatGeom) clusterOff(c uint32) int64 {
	return g.dataStart() + int64(c-2)*g.clusterBytes()
}

func fatNext(fat []byte, c uint32) uint32 {
	if int(c)*4+4 > len(fat) {
		return 0x0FFFFFFF
	}
	return binary.LittleEndian.Uint32(fat[c*4:]) & 0x0FFFFFFF
}

// writeFreeCount sets the free-cluster count in the FSInfo sector and its
// backup copy.
func (g fatGeom) writeFreeCount(w io.WriterAt, fat []byte) error {
	var free uint32
	for c := uint32(2); int64(c) < g.clusters()+2; c++ {
		if fatNext(fat, c) == 0 {
			free++
		}
	}
	b := binary.LittleEndian.AppendUint32(nil, free)
	for _, s := range []int64{g.fsInfo, g.backupBoot + g.fsInfo} {
		if _, err := w.WriteAt(b, s*g.bps+488); err != nil {
			return fmt.Errorf("write FSInfo: %w", err)
		}
	}
	return nil
}
