package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// synthProc is a generated /proc of n processes that evolves one second
// per step: most processes idle, some busy, a few leaking, a short-lived
// process replaced every 30 s, and kernel threads with no memory.
type synthProc struct {
	procs   []*synthP
	byPID   map[int32]*synthP
	rng     *rand.Rand
	steps   int
	dir     []fs.DirEntry // cached listing, nil when stale
	nextPID int32
	avail   uint64
}

type synthP struct {
	pid            int32
	start          uint64
	comm           string
	rss, vsz       uint64 // pages, bytes
	ticks          uint64
	busy, leaky, k bool
	stat           []byte // rendered stat, nil when stale
	file           memReader
	entry          fs.DirEntry
}

func newSynthProc(n int) *synthProc {
	f := &synthProc{byPID: map[int32]*synthP{}, rng: rand.New(rand.NewPCG(1, 2)), nextPID: 1, avail: 60 << 20}
	for i := range n {
		f.spawn(i < n/5, i%40 == 7, i%25 == 3)
	}
	return f
}

func (f *synthProc) spawn(kernel, busy, leaky bool) {
	p := &synthP{pid: f.nextPID, start: uint64(f.steps * 100), k: kernel, busy: busy, leaky: leaky}
	f.nextPID += 1 + int32(f.rng.IntN(3))
	p.comm = fmt.Sprintf("proc-%d", p.pid)
	if kernel {
		p.comm = fmt.Sprintf("kworker/%d:1", p.pid%16)
	} else {
		p.rss = uint64(256 + f.rng.IntN(64<<10)) // 1 MiB to 256 MiB
		p.vsz = p.rss*4096*3 + 64<<20
	}
	p.entry = synthEntry(strconv.Itoa(int(p.pid)))
	f.procs = append(f.procs, p)
	f.byPID[p.pid] = p
	f.dir = nil
}

// step advances the workload by one second.
func (f *synthProc) step() {
	f.steps++
	for _, p := range f.procs {
		f.evolve(p)
	}
	f.avail = uint64(int64(f.avail) + int64(f.rng.IntN(8192)) - 4096)
	if f.steps%30 == 0 { // a job ends, another starts
		old := f.procs[len(f.procs)-1]
		delete(f.byPID, old.pid)
		f.procs = f.procs[:len(f.procs)-1]
		f.dir = nil
		f.spawn(false, true, false)
	}
}

func (f *synthProc) evolve(p *synthP) {
	old := [3]uint64{p.ticks, p.rss, p.vsz}
	defer func() {
		if old != [3]uint64{p.ticks, p.rss, p.vsz} {
			p.stat = nil
		}
	}()
	switch {
	case p.busy:
		p.ticks += uint64(f.rng.IntN(100))
	case f.rng.IntN(50) == 0:
		p.ticks++
	}
	if p.k {
		return
	}
	if p.leaky {
		p.rss += uint64(4 + f.rng.IntN(60))
	} else if f.rng.IntN(10) == 0 {
		p.rss = uint64(max(16, int64(p.rss)+int64(f.rng.IntN(129))-64))
	}
	if f.rng.IntN(300) == 0 {
		p.vsz += 1 << 20
	}
}

func (f *synthProc) Open(name string) (fs.File, error) {
	switch {
	case name == "proc":
		return &synthDir{f: f}, nil
	case name == "proc/meminfo":
		return memOpen(fmt.Appendf(nil, "MemTotal: 67108864 kB\nMemFree: 1 kB\nMemAvailable: %d kB\n", f.avail)), nil
	}
	pid, ok := strings.CutPrefix(name, "proc/")
	pid, ok2 := strings.CutSuffix(pid, "/stat")
	n, err := strconv.Atoi(pid)
	p := f.byPID[int32(n)]
	if !ok || !ok2 || err != nil || p == nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	if p.stat == nil {
		p.stat = fmt.Appendf(p.stat, "%d (%s) S 1 1 1 0 -1 4194560 100 0 0 0 %d %d 0 0 20 0 1 0 %d %d %d 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 3 0 0 0 0 0\n",
			p.pid, p.comm, p.ticks/2, p.ticks-p.ticks/2, p.start, p.vsz, p.rss)
	}
	p.file.Reset(p.stat)
	return &p.file, nil
}

type synthDir struct{ f *synthProc }

func (d *synthDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if d.f.dir == nil {
		d.f.dir = append(d.f.dir, synthEntry("self"), synthEntry("meminfo"))
		for _, p := range d.f.procs {
			d.f.dir = append(d.f.dir, p.entry)
		}
	}
	return d.f.dir, nil
}
func (d *synthDir) Stat() (fs.FileInfo, error) { return synthEntry("proc"), nil }
func (d *synthDir) Read([]byte) (int, error)   { return 0, fs.ErrInvalid }
func (d *synthDir) Close() error               { return nil }

// synthEntry is both a DirEntry and a FileInfo.
type synthEntry string

func (e synthEntry) Name() string               { return string(e) }
func (e synthEntry) IsDir() bool                { return true }
func (e synthEntry) Type() fs.FileMode          { return fs.ModeDir }
func (e synthEntry) Info() (fs.FileInfo, error) { return e, nil }
func (e synthEntry) Size() int64                { return 0 }
func (e synthEntry) Mode() fs.FileMode          { return fs.ModeDir | 0o555 }
func (e synthEntry) ModTime() time.Time         { return time.Time{} }
func (e synthEntry) Sys() any                   { return nil }

// memOpen returns a read-only file over b.
func memOpen(b []byte) fs.File { return &memReader{Reader: *bytes.NewReader(b)} }

type memReader struct{ bytes.Reader }

func (r *memReader) Stat() (fs.FileInfo, error) { return synthEntry("f"), nil }
func (r *memReader) Close() error               { return nil }
