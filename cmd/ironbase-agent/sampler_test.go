package main

import (
	"testing"
	"time"

	"github.com/ironbase/ironbase/testsuite/usage"
)

// fakeClock steps one second per call.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { c.t = c.t.Add(time.Second); return c.t }

func TestSamplerReadsSynthProc(t *testing.T) {
	f := newSynthProc(500)
	clk := &fakeClock{t: time.Unix(1_740_000_000, 0)}
	s := newSampler(f, clk.now)
	if _, err := s.sample(); err != nil {
		t.Fatal(err)
	}
	f.step()
	got, err := s.sample()
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Procs) != 500 || got.MemAvailableKiB == 0 {
		t.Fatalf("got %d processes, avail %d; want 500 and > 0", len(got.Procs), got.MemAvailableKiB)
	}
	p := got.Procs[7] // a busy one: index 7 is busy (i%40 == 7)
	want := f.procs[7]
	if p.PID != want.pid || p.Comm != want.comm || p.RSSKiB != want.rss*4 || p.VSZKiB != want.vsz>>10 {
		t.Errorf("got %+v, want pid %d %s rss %d KiB", p, want.pid, want.comm, want.rss*4)
	}
	if p.CPU == 0 {
		t.Errorf("busy process shows 0 CPU")
	}
}

// TestSeriesBytesPerHour: 500 processes sampled at 1 Hz for an hour encode
// to at most 100 KB, in one segment and in six 10-minute segments.
func TestSeriesBytesPerHour(t *testing.T) {
	if testing.Short() {
		t.Skip("3600 samples")
	}
	f := newSynthProc(500)
	clk := &fakeClock{t: time.Unix(1_740_000_000, 0)}
	s := newSampler(f, clk.now)
	whole, cut := usage.NewEncoder(usage.Config{}), usage.NewEncoder(usage.Config{})
	var cutBytes int
	var last []byte
	for i := range 3600 {
		smp, err := s.sample()
		if err != nil {
			t.Fatal(err)
		}
		whole.Add(smp)
		cut.Add(smp)
		if (i+1)%600 == 0 {
			last = cut.Cut()
			cutBytes += len(last)
		}
		f.step()
	}
	total := len(whole.Cut())
	t.Logf("500 processes, 3600 samples: %d bytes in one segment, %d in six", total, cutBytes)
	if total > 100_000 || cutBytes > 100_000 {
		t.Errorf("got %d / %d bytes per host-hour, want ≤ 100000", total, cutBytes)
	}
	ser, err := usage.Decode(last)
	if err != nil || len(ser.Totals) != 600 || len(ser.Procs) == 0 {
		t.Fatalf("decode last segment: %v (%d ticks)", err, len(ser.Totals))
	}
}
