package usage

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var t0 = time.UnixMilli(1_740_830_400_000)

func sample(sec int, avail uint64, procs ...Proc) *Sample {
	return &Sample{Time: t0.Add(time.Duration(sec) * time.Second), MemAvailableKiB: avail, Procs: procs}
}

func TestRoundTrip(t *testing.T) {
	e := NewEncoder(Config{Window: 2, TopRSS: 1, TopCPU: 1})
	a := Proc{PID: 1, Start: 5, Comm: "init", RSSKiB: 8192, VSZKiB: 102400}
	b := Proc{PID: 200, Start: 900, Comm: "leaky", RSSKiB: 4096, VSZKiB: 2048, CPU: 500}
	e.Add(sample(0, 1<<20, a, b))
	b.RSSKiB, b.CPU = 20480, 1500
	e.Add(sample(1, 1<<19, a, b))
	e.Add(&Sample{Time: t0.Add(2500 * time.Millisecond), Procs: []Proc{a}})
	got, err := Decode(e.Cut())
	if err != nil {
		t.Fatal(err)
	}
	want := &Series{Start: t0, Interval: time.Second, Window: 2,
		Totals: []Total{
			{Time: t0, Procs: 2, RSSMiB: 12, VSZMiB: 102, CPU: 500, MemAvailableMiB: 1024},
			{Time: t0.Add(time.Second), Procs: 2, RSSMiB: 28, VSZMiB: 102, CPU: 1500, MemAvailableMiB: 512},
			{Time: t0.Add(2500 * time.Millisecond), Procs: 1, RSSMiB: 8, VSZMiB: 100},
		},
		Procs: []ProcSeries{
			{PID: 200, Start: 900, Comm: "leaky", Points: []Point{{Time: t0.Add(time.Second), RSSKiB: 20480, VSZMiB: 2, CPU: 1000}}},
			{PID: 1, Start: 5, Comm: "init", Points: []Point{{Time: t0.Add(2500 * time.Millisecond), RSSKiB: 8192, VSZMiB: 100}}},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("decoded series (-want +got):\n%s", diff)
	}
	if e.Cut() != nil {
		t.Error("Cut after Cut returned a segment, want nil")
	}
}

func TestDecodeErrors(t *testing.T) {
	for name, in := range map[string]string{
		"magic":     "XXXX",
		"truncated": "IBU1\x80",
		"tag":       "IBU1\x00\x02\x02Z",
		"undefined": "IBU1\x00\x02\x02W\x01\x00\x00\x00\x00",
		"comm":      "IBU1\x00\x02\x02P\x01\x01\x7f",
	} {
		if _, err := Decode([]byte(in)); err == nil {
			t.Errorf("%s: Decode(%q) succeeded, want an error", name, in)
		}
	}
}

func FuzzDecode(f *testing.F) {
	e := NewEncoder(Config{Window: 1})
	e.Add(sample(0, 1<<20, Proc{PID: 7, Comm: "x", RSSKiB: 100, CPU: 3}))
	e.Add(sample(1, 1<<20, Proc{PID: 8, Comm: "y", RSSKiB: 9, CPU: 9}))
	f.Add(e.Cut())
	f.Add([]byte("IBU1\x00\x02\x02W\x01\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		Decode(b)
	})
}
