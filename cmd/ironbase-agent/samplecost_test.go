package main

import (
	"io/fs"
	"os"
	"testing"
	"time"
)

// TestSampleCost bounds the work of one sample on 500 processes by what
// can be counted: one file opened per process (plus meminfo), at most 512
// bytes read per process, and at most one allocation per process (the
// file name; names are interned, buffers and maps reused).
func TestSampleCost(t *testing.T) {
	const n = 500
	f := newSynthProc(n)
	clk := &fakeClock{t: time.Unix(1_740_000_000, 0)}
	s := newSampler(f, clk.now)
	s.sample() // warm: intern names, size maps
	s.opens, s.read = 0, 0
	allocs := testing.AllocsPerRun(10, func() {
		if _, err := s.sample(); err != nil {
			t.Fatal(err)
		}
	})
	runs := 11 // AllocsPerRun adds a warm-up run
	if got := s.opens / runs; got != n+1 {
		t.Errorf("opened %d files per sample, want %d", got, n+1)
	}
	if got := s.read / runs; got > n*512 {
		t.Errorf("read %d bytes per sample, want ≤ %d", got, n*512)
	}
	if allocs > n+16 {
		t.Errorf("%v allocations per sample, want ≤ %d", allocs, n+16)
	}
	t.Logf("per sample of %d processes: %d files, %d bytes, %v allocations", n, s.opens/runs, s.read/runs, allocs)
}

// BenchmarkSample samples this machine's real /proc, as the agent does.
func BenchmarkSample(b *testing.B) {
	root, err := newProcRoot("/")
	if err != nil {
		b.Fatal(err)
	}
	benchSample(b, root)
}

// BenchmarkSampleDirFS is the same through os.DirFS, for comparison.
func BenchmarkSampleDirFS(b *testing.B) { benchSample(b, os.DirFS("/")) }

func benchSample(b *testing.B, root fs.FS) {
	s := newSampler(root, time.Now)
	smp, err := s.sample()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if smp, err = s.sample(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(smp.Procs)), "procs")
}

// BenchmarkSampleSynth500 samples the synthetic 500-process /proc.
func BenchmarkSampleSynth500(b *testing.B) {
	s := newSampler(newSynthProc(500), time.Now)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.sample(); err != nil {
			b.Fatal(err)
		}
	}
}
