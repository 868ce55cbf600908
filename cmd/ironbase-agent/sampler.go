package main

import (
	"fmt"
	"io/fs"
	"time"

	"github.com/ironbase/ironbase/testsuite/usage"
)

// sampler reads every process's RSS, VSZ and CPU time from /proc and turns
// CPU time into CPU use from one sample to the next.
type sampler struct {
	root    fs.FS
	stat    statReader // root's fast path for proc/PID/stat, when it has one
	now     func() time.Time
	hz      uint64 // USER_HZ: 100 on every Linux the agent targets
	pageKiB uint64

	prevTime    time.Time
	prev, cur   map[procKey]uint64 // utime+stime by process
	comms       map[procKey]string // interned names
	procs       []usage.Proc       // reused between samples
	buf         []byte
	opens, read int // files opened and bytes read, for the cost test
}

type procKey struct {
	pid   int32
	start uint64
}

func newSampler(root fs.FS, now func() time.Time) *sampler {
	stat, _ := root.(statReader)
	return &sampler{
		root: root, stat: stat, now: now, hz: 100, pageKiB: 4,
		prev: map[procKey]uint64{}, cur: map[procKey]uint64{}, comms: map[procKey]string{},
		buf: make([]byte, 4096),
	}
}

// sample reads the host once. The returned Sample's Procs are reused by
// the next call.
func (s *sampler) sample() (*usage.Sample, error) {
	t := s.now()
	names, err := s.pids()
	if err != nil {
		return nil, err
	}
	elapsed := t.Sub(s.prevTime).Seconds()
	s.procs = s.procs[:0]
	clear(s.cur)
	for _, name := range names {
		s.readProc(name, elapsed)
	}
	if s.stat != nil {
		s.stat.endSample()
	}
	s.prune()
	s.prev, s.cur = s.cur, s.prev
	s.prevTime = t
	avail, _ := s.memAvailable()
	return &usage.Sample{Time: t, MemAvailableKiB: avail, Procs: s.procs}, nil
}

// pids lists the numeric entries of proc.
func (s *sampler) pids() ([]string, error) {
	d, err := s.root.Open("proc")
	if err != nil {
		return nil, fmt.Errorf("sampler: %w", err)
	}
	defer d.Close()
	rd, ok := d.(fs.ReadDirFile)
	if !ok {
		return nil, fmt.Errorf("sampler: proc is not a directory")
	}
	ents, err := rd.ReadDir(-1)
	if err != nil {
		return nil, fmt.Errorf("sampler: read proc: %w", err)
	}
	names := make([]string, 0, len(ents))
	for _, e := range ents {
		if n := e.Name(); n[0] >= '1' && n[0] <= '9' {
			names = append(names, n)
		}
	}
	return names, nil
}
