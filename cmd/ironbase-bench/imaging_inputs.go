package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// writeRandomBig writes size pseudo-random bytes (ChaCha8: incompressible,
// and much faster than /dev/urandom) to path and returns their sha256 as
// "sha256:<hex>", to check every ingest and sha256sum against.
func writeRandomBig(path string, size int64, seed byte) (string, error) {
	f, err := os.Create(path)
	if err != nil {
		return "", fmt.Errorf("create input: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	src := io.LimitReader(rand.NewChaCha8([32]byte{seed}), size)
	if _, err := io.CopyBuffer(io.MultiWriter(f, h), src, make([]byte, 4<<20)); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("close %s: %w", path, err)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}

// treeStats says what makeTree generated.
type treeStats struct {
	files, dirs, links int
	bytes              int64
}

// makeTree fills dir with about target bytes of mixed files, like a root
// file system: 90% small (0.5-16 KiB), 9.5% medium (32-512 KiB), 0.5%
// large (1-16 MiB), about 6,800 files for 500 MiB; half text-like
// (compressible), half random (incompressible, like firmware or compressed
// modules); 110 directories in two levels, a symlink every 50 files, some
// executables. Deterministic.
func makeTree(dir string, target int64) (treeStats, error) {
	rng := rand.New(rand.NewPCG(8, 8))
	g := treeGen{rng: rng, text: textCorpus(rng, 4<<20), random: rand.NewChaCha8([32]byte{9})}
	var st treeStats
	for i := 0; st.bytes < target; i++ {
		sub := filepath.Join(dir, fmt.Sprintf("d%d", i%10), fmt.Sprintf("s%d", i%100/10))
		if i < 100 {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				return st, fmt.Errorf("tree: %w", err)
			}
			st.dirs++
		}
		n, err := g.file(filepath.Join(sub, fmt.Sprintf("f%05d", i)), min(g.size(), target-st.bytes+1))
		if err != nil {
			return st, fmt.Errorf("tree: %w", err)
		}
		st.files++
		st.bytes += n
		if i%50 == 49 {
			if err := os.Symlink(fmt.Sprintf("f%05d", i), filepath.Join(sub, fmt.Sprintf("l%05d", i))); err != nil {
				return st, fmt.Errorf("tree: %w", err)
			}
			st.links++
		}
	}
	return st, nil
}

type treeGen struct {
	rng    *rand.Rand
	text   []byte
	random io.Reader
}

func (g treeGen) size() int64 {
	switch r := g.rng.Float64(); {
	case r < 0.90:
		return 512 + g.rng.Int64N(16<<10)
	case r < 0.995:
		return 32<<10 + g.rng.Int64N(480<<10)
	default:
		return 1<<20 + g.rng.Int64N(15<<20)
	}
}

// file writes n bytes, text or random, to path.
func (g treeGen) file(path string, n int64) (int64, error) {
	mode := os.FileMode(0o644)
	if g.rng.IntN(10) == 0 {
		mode = 0o755
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	src := g.random
	if g.rng.IntN(2) == 0 {
		src = &cycleReader{b: g.text, off: g.rng.IntN(len(g.text))}
	}
	if _, err := io.CopyN(w, src, n); err != nil {
		return 0, err
	}
	if err := w.Flush(); err != nil {
		return 0, err
	}
	return n, f.Close()
}

// textCorpus is n bytes of lines of words drawn from a small vocabulary:
// zstd shrinks it about as much as it shrinks configuration and scripts.
func textCorpus(rng *rand.Rand, n int) []byte {
	words := strings.Fields("the of and to in is that for it as with was on be by this kernel " +
		"module driver firmware config option value path usr lib share bin etc systemd " +
		"network device 0 1 2 3 4 5 6 7 8 9 = : / # { } ( ) error warning info debug return if else")
	var b strings.Builder
	for b.Len() < n {
		for range 4 + rng.IntN(10) {
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteByte(' ')
		}
		b.WriteByte('\n')
	}
	return []byte(b.String()[:n])
}

// cycleReader reads b from off, wrapping around, forever.
type cycleReader struct {
	b   []byte
	off int
}

func (r *cycleReader) Read(p []byte) (int, error) {
	n := copy(p, r.b[r.off:])
	r.off = (r.off + n) % len(r.b)
	return n, nil
}
