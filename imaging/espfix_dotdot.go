package imaging

import (
	"encoding/binary"
	"fmt"
	"io"
)

const (
	dirEntrySize = 32
	attrDir      = 0x10
	attrLFN      = 0x0f
	attrVolume   = 0x08
)

// fixDotDot walks the root directory's cluster chain and, for every
// subdirectory in it, sets the cluster of its ".." entry to 0 (the FAT
// convention for "the parent is the root").
func (g fatGeom) fixDotDot(r io.ReaderAt, w io.WriterAt, fat []byte) error {
	buf := make([]byte, g.clusterBytes())
	c := g.root
	for range g.clusters() { // bound: a cycle cannot loop forever
		if c < 2 || c >= 0x0FFFFFF8 {
			return nil
		}
		if _, err := r.ReadAt(buf, g.clusterOff(c)); err != nil {
			return fmt.Errorf("read ESP root directory: %w", err)
		}
		done, err := g.fixEntries(w, buf)
		if err != nil || done {
			return err
		}
		c = fatNext(fat, c)
	}
	return fmt.Errorf("ESP root directory: cluster chain does not end")
}

// fixEntries handles one cluster of root entries; done at the end marker.
func (g fatGeom) fixEntries(w io.WriterAt, buf []byte) (done bool, err error) {
	for off := 0; off+dirEntrySize <= len(buf); off += dirEntrySize {
		e := buf[off : off+dirEntrySize]
		switch {
		case e[0] == 0:
			return true, nil
		case e[0] == 0xe5 || e[0] == '.' || e[11] == attrLFN || e[11]&attrVolume != 0 || e[11]&attrDir == 0:
			continue
		}
		child := uint32(binary.LittleEndian.Uint16(e[20:]))<<16 | uint32(binary.LittleEndian.Uint16(e[26:]))
		if err := g.zeroDotDot(w, child); err != nil {
			return false, err
		}
	}
	return false, nil
}

// zeroDotDot clears the cluster fields of the second entry ("..") of the
// directory starting at cluster c.
func (g fatGeom) zeroDotDot(w io.WriterAt, c uint32) error {
	if c < 2 || int64(c) >= g.clusters()+2 {
		return fmt.Errorf("ESP: directory at invalid cluster %d", c)
	}
	entry := g.clusterOff(c) + dirEntrySize
	var zero [2]byte
	for _, field := range []int64{20, 26} {
		if _, err := w.WriteAt(zero[:], entry+field); err != nil {
			return fmt.Errorf("fix ESP '..' entry: %w", err)
		}
	}
	return nil
}
