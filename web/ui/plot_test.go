package ui

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/ironbase/ironbase/testsuite/usage"
)

// syntheticSegments encodes n seconds of a host whose "leaky" process
// grows 1 MiB a second while "spin" burns half a core, cut into segments
// of 300 samples.
func syntheticSegments(n int) [][]byte {
	enc := usage.NewEncoder(usage.Config{})
	start := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	var segs [][]byte
	for i := range n {
		enc.Add(&usage.Sample{Time: start.Add(time.Duration(i) * time.Second), MemAvailableKiB: uint64(4<<20 - i*1024),
			Procs: []usage.Proc{
				{PID: 1, Start: 1, Comm: "init", RSSKiB: 8 << 10, VSZKiB: 16 << 10},
				{PID: 200, Start: 50, Comm: "leaky", RSSKiB: uint64(100<<10 + i*1024), VSZKiB: 1 << 20, CPU: 20},
				{PID: 300, Start: 60, Comm: "spin", RSSKiB: 2 << 10, VSZKiB: 4 << 10, CPU: 500},
			}})
		if (i+1)%300 == 0 {
			segs = append(segs, enc.Cut())
		}
	}
	if b := enc.Cut(); b != nil {
		segs = append(segs, b)
	}
	return segs
}

func renderPlot(t *testing.T, v plotView) string {
	t.Helper()
	var b bytes.Buffer
	if err := mustParsePages(time.Now).frag.ExecuteTemplate(&b, "plot", v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestPlotOfSyntheticSamples(t *testing.T) {
	series, bad := decodeSegments(append(syntheticSegments(3600), []byte("not a segment")))
	if bad != 1 || len(series) != 12 {
		t.Fatalf("decoded %d segments, %d bad; want 12 and 1", len(series), bad)
	}
	v := newPlot(series)
	if v.Note != "" || v.Samples != 3600 || len(v.Panels) != 2 {
		t.Fatalf("plot: note %q, %d samples, %d panels; want none, 3600, 2", v.Note, v.Samples, len(v.Panels))
	}
	mem := v.Panels[0]
	if labels := lineLabels(mem); !strings.Contains(labels, "RSS leaky (pid 200)") || !strings.Contains(labels, "MemAvailable") {
		t.Errorf("memory lines: %s; want the leaky process and MemAvailable", labels)
	}
	for _, p := range v.Panels {
		for _, l := range p.Lines {
			if n := len(strings.Fields(l.Points)); n > plotW {
				t.Errorf("%s: %d points for a %d-unit wide plot; want at most one per unit", l.Label, n, plotW)
			}
		}
	}
	checkSVG(t, renderPlot(t, v))
}

func TestPlotKeepsSpikes(t *testing.T) {
	s := xy{from: time.Unix(0, 0), to: time.Unix(3600, 0), top: 0, h: 100, maxV: 100}
	totals := make([]usage.Total, 3600)
	for i := range totals {
		totals[i] = usage.Total{Time: time.Unix(int64(i), 0), CPU: 100}
	}
	totals[1800].CPU = 1000 // one second at a full core
	pts := totalPoints(s, totals, func(t usage.Total) float64 { return float64(t.CPU) / 10 })
	if !strings.Contains(pts, ",0.0") {
		t.Errorf("a one-sample spike to the top of the scale vanished: %s", pts[:80])
	}
}

func TestPlotWithoutSamples(t *testing.T) {
	v := newPlot(nil)
	if v.Note == "" {
		t.Fatal("no note for an empty plot")
	}
	if out := renderPlot(t, v); strings.Contains(out, "<svg") || !strings.Contains(out, "No data yet") {
		t.Errorf("empty plot renders %q", out)
	}
}

func TestNiceMax(t *testing.T) {
	for in, want := range map[float64]float64{1: 1, 3: 5, 7: 10, 100: 100, 101: 200, 2500: 5000, 0.5: 1} {
		if got := niceMax(in); got != want {
			t.Errorf("niceMax(%v) = %v, want %v", in, got, want)
		}
	}
}

func lineLabels(p plotPanel) string {
	var out []string
	for _, l := range p.Lines {
		out = append(out, l.Label)
	}
	return strings.Join(out, "; ")
}

// checkSVG parses the figure as XML: well formed, with a titled svg and
// one polyline per line of the legend.
func checkSVG(t *testing.T, out string) {
	t.Helper()
	start := strings.Index(out, "<svg ")
	end := strings.Index(out, "</svg>")
	if start < 0 || end < 0 {
		t.Fatalf("no svg in %q", out)
	}
	dec := xml.NewDecoder(strings.NewReader(out[start : end+len("</svg>")]))
	polylines := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the plot is not well-formed XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "polyline" {
			polylines++
		}
	}
	if polylines != 6 { // RSS, MemAvailable, 3 processes, CPU
		t.Errorf("got %d polylines, want 6", polylines)
	}
}

func TestHuman(t *testing.T) {
	for d, want := range map[time.Duration]string{-300 * time.Millisecond: "0s", 45 * time.Second: "45s",
		12 * time.Minute: "12m", 3*time.Hour + 5*time.Minute: "3h05m", 50 * time.Hour: "2d02h", -2 * time.Minute: "-2m"} {
		if got := human(d); got != want {
			t.Errorf("human(%v) = %q, want %q", d, got, want)
		}
	}
}
