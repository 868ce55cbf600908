package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ironbase/ironbase/testsuite/usage"
)

// The resource plot's geometry, in SVG user units.
const (
	plotW      = 720
	plotLeft   = 64
	plotRight  = 12
	panelH     = 150
	panelGap   = 44
	plotTop    = 24
	plotTopRSS = 3 // processes drawn in the memory panel
)

// plotView is a host's resource plot, ready for the "plot" template: two
// panels (memory in MiB, CPU in % of one core) over the same time axis.
// Lines differ by dash pattern as well as colour, and each has a label.
type plotView struct {
	Note          string // set when there is nothing to draw
	Width, Height int
	Panels        []plotPanel
	XTicks        []plotTick
	From, To      time.Time
	Samples       int
}

type plotPanel struct {
	Title       string
	Top, Bottom int
	YTicks      []plotTick
	Lines       []plotLine
}

type plotLine struct {
	Label, Class, Points string
}

type plotTick struct {
	Pos   int
	Label string
}

// xy maps time and value into one panel.
type xy struct {
	from, to time.Time
	top, h   int
	maxV     float64
}

func (s xy) x(t time.Time) float64 {
	span := s.to.Sub(s.from)
	if span <= 0 {
		return plotLeft
	}
	return plotLeft + float64(plotW-plotLeft-plotRight)*float64(t.Sub(s.from))/float64(span)
}

func (s xy) y(v float64) float64 {
	return float64(s.top+s.h) - float64(s.h)*v/s.maxV
}

// newPlot lays out the plot of the decoded series.
func newPlot(series []*usage.Series) plotView {
	totals := mergeTotals(series)
	if len(totals) == 0 {
		return plotView{Note: "No data yet: the agent has sent no resource samples for the current boot."}
	}
	v := plotView{Width: plotW, Samples: len(totals), From: totals[0].Time, To: totals[len(totals)-1].Time}
	mem := memPanel(totals, topProcs(series, plotTopRSS), v.From, v.To, plotTop)
	cpu := cpuPanel(totals, v.From, v.To, mem.Bottom+panelGap)
	v.Panels = []plotPanel{mem, cpu}
	v.Height = cpu.Bottom + 28
	v.XTicks = timeTicks(v.From, v.To)
	return v
}

func memPanel(totals []usage.Total, procs []usage.ProcSeries, from, to time.Time, top int) plotPanel {
	var maxV float64 = 1
	for _, t := range totals {
		maxV = max(maxV, float64(t.RSSMiB), float64(t.MemAvailableMiB))
	}
	s := xy{from: from, to: to, top: top, h: panelH, maxV: niceMax(maxV)}
	p := plotPanel{Title: "Memory (MiB)", Top: top, Bottom: top + panelH, YTicks: valueTicks(s, "")}
	p.Lines = append(p.Lines,
		plotLine{Label: "RSS, all processes", Class: "l1", Points: totalPoints(s, totals, func(t usage.Total) float64 { return float64(t.RSSMiB) })},
		plotLine{Label: "MemAvailable", Class: "l2", Points: totalPoints(s, totals, func(t usage.Total) float64 { return float64(t.MemAvailableMiB) })})
	for i, pr := range procs {
		p.Lines = append(p.Lines, plotLine{Label: fmt.Sprintf("RSS %s (pid %d)", pr.Comm, pr.PID),
			Class: fmt.Sprintf("p%d", i+1), Points: procPoints(s, pr.Points)})
	}
	return p
}

func cpuPanel(totals []usage.Total, from, to time.Time, top int) plotPanel {
	var maxV float64 = 100
	for _, t := range totals {
		maxV = max(maxV, float64(t.CPU)/10)
	}
	s := xy{from: from, to: to, top: top, h: panelH, maxV: niceMax(maxV)}
	p := plotPanel{Title: "CPU (% of one core)", Top: top, Bottom: top + panelH, YTicks: valueTicks(s, "%")}
	p.Lines = []plotLine{{Label: "CPU, all processes", Class: "l3",
		Points: totalPoints(s, totals, func(t usage.Total) float64 { return float64(t.CPU) / 10 })}}
	return p
}

// totalPoints is a polyline's points, at most one per horizontal unit:
// samples falling on the same x keep their maximum, so a short spike
// still shows.
func totalPoints(s xy, totals []usage.Total, val func(usage.Total) float64) string {
	var b strings.Builder
	lastX, peak := -1, 0.0
	flush := func() {
		if lastX >= 0 {
			fmt.Fprintf(&b, "%d,%s ", lastX, strconv.FormatFloat(s.y(peak), 'f', 1, 64))
		}
	}
	for _, t := range totals {
		x := int(s.x(t.Time))
		if x != lastX {
			flush()
			lastX, peak = x, val(t)
			continue
		}
		peak = max(peak, val(t))
	}
	flush()
	return strings.TrimSpace(b.String())
}

func procPoints(s xy, pts []usage.Point) string {
	parts := make([]string, 0, len(pts))
	for _, p := range pts {
		parts = append(parts, fmt.Sprintf("%d,%s", int(s.x(p.Time)), strconv.FormatFloat(s.y(float64(p.RSSKiB)/1024), 'f', 1, 64)))
	}
	return strings.Join(parts, " ")
}

// niceMax rounds a maximum up to 1, 2 or 5 times a power of ten.
func niceMax(v float64) float64 {
	step := 1.0
	for step*10 <= v {
		step *= 10
	}
	for _, m := range []float64{1, 2, 5, 10} {
		if step*m >= v {
			return step * m
		}
	}
	return step * 10
}

func valueTicks(s xy, unit string) []plotTick {
	var out []plotTick
	for i := 0; i <= 4; i++ {
		v := s.maxV * float64(i) / 4
		out = append(out, plotTick{Pos: int(s.y(v)), Label: strconv.FormatFloat(v, 'f', -1, 64) + unit})
	}
	return out
}

func timeTicks(from, to time.Time) []plotTick {
	s := xy{from: from, to: to}
	var out []plotTick
	for i := 0; i <= 4; i++ {
		t := from.Add(to.Sub(from) * time.Duration(i) / 4)
		out = append(out, plotTick{Pos: int(s.x(t)), Label: t.UTC().Format("15:04:05")})
	}
	return out
}
