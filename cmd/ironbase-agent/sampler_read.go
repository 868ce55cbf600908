package main

import (
	"bytes"
	"errors"
	"io"
	"strconv"

	"github.com/ironbase/ironbase/testsuite/usage"
)

// readProc reads proc/PID/stat and appends the process; a process that
// exited meanwhile or a malformed file is skipped.
func (s *sampler) readProc(name string, elapsed float64) {
	b, err := s.readStat(name)
	if err != nil {
		return
	}
	st, err := parseStat(b)
	pid, perr := strconv.ParseInt(name, 10, 32)
	if err != nil || perr != nil {
		return
	}
	k := procKey{int32(pid), st.start}
	ticks := st.utime + st.stime
	s.cur[k] = ticks
	p := usage.Proc{PID: k.pid, Start: k.start, Comm: s.comm(k, st.comm),
		RSSKiB: st.rssPages * s.pageKiB, VSZKiB: st.vsizeBytes >> 10}
	if before, ok := s.prev[k]; ok && elapsed > 0 && ticks >= before {
		p.CPU = uint32(float64(ticks-before) / float64(s.hz) / elapsed * 1000)
	}
	s.procs = append(s.procs, p)
}

// comm interns a process name, allocating once per process (or when it
// changes: exec, or a pid reused within the same clock tick).
func (s *sampler) comm(k procKey, b []byte) string {
	if c, ok := s.comms[k]; ok && c == string(b) {
		return c
	}
	c := string(b)
	s.comms[k] = c
	return c
}

// prune forgets the names of processes that are gone.
func (s *sampler) prune() {
	for k := range s.comms {
		if _, ok := s.cur[k]; !ok {
			delete(s.comms, k)
		}
	}
}

// errBufferFull: the file did not fit; the caller grows buf and retries.
var errBufferFull = errors.New("buffer full")

// smallFileReader is the fast path a root may offer (procRoot on Linux).
type smallFileReader interface {
	readInto(name string, buf []byte) (int, error)
}

// statReader is the faster path for proc/PID/stat a root may offer
// (procRoot on Linux): a descriptor per process held between samples;
// endSample lets go of those the sample did not read.
type statReader interface {
	readStat(pid string, buf []byte) (int, error)
	endSample()
}

// readStat reads proc/PID/stat into the reused buffer.
func (s *sampler) readStat(pid string) ([]byte, error) {
	if s.stat == nil {
		return s.readFile("proc/" + pid + "/stat")
	}
	return s.readGrow(func(buf []byte) (int, error) { return s.stat.readStat(pid, buf) })
}

// readFile reads a small file into the reused buffer.
func (s *sampler) readFile(name string) ([]byte, error) {
	if r, ok := s.root.(smallFileReader); ok {
		b, err := s.readGrow(func(buf []byte) (int, error) { return r.readInto(name, buf) })
		if err == nil {
			s.opens++
		}
		return b, err
	}
	f, err := s.root.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s.opens++
	n := 0
	for {
		if n == len(s.buf) {
			s.buf = append(s.buf, make([]byte, len(s.buf))...)
		}
		m, err := f.Read(s.buf[n:])
		n += m
		// procfs hands a small file over in one read: a short read is the
		// end, which saves the read(2) that would return EOF.
		if errors.Is(err, io.EOF) || (err == nil && (m == 0 || n < len(s.buf))) {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	s.read += n
	return s.buf[:n], nil
}

// readGrow reads with read into the reused buffer, growing it until the
// file fits.
func (s *sampler) readGrow(read func(buf []byte) (int, error)) ([]byte, error) {
	for {
		n, err := read(s.buf)
		if err == nil {
			s.read += n
			return s.buf[:n], nil
		}
		if !errors.Is(err, errBufferFull) {
			return nil, err
		}
		s.buf = make([]byte, 2*len(s.buf))
	}
}

// memAvailable reads MemAvailable from proc/meminfo, in KiB.
func (s *sampler) memAvailable() (uint64, error) {
	b, err := s.readFile("proc/meminfo")
	if err != nil {
		return 0, err
	}
	_, rest, ok := bytes.Cut(b, []byte("MemAvailable:"))
	if !ok {
		return 0, errors.New("meminfo: no MemAvailable")
	}
	line, _, _ := bytes.Cut(rest, []byte("\n"))
	return atou(bytes.TrimSuffix(bytes.TrimSpace(line), []byte(" kB"))), nil
}
