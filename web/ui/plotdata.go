package ui

import (
	"cmp"
	"context"
	"slices"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/testsuite/usage"
)

func (u *UI) plot(ctx context.Context, host string) plotView {
	chunks, err := u.cat.HostSamples(ctx, host)
	if err != nil && !catalog.IsKind(err, catalog.KindNotFound) {
		u.log.Warn("ui: host samples", "host", host, "err", err)
		return plotView{Note: "Resource samples could not be read (see the server log)."}
	}
	segs := make([][]byte, len(chunks))
	for i, c := range chunks {
		segs[i] = c.Data
	}
	series, bad := decodeSegments(segs)
	if bad > 0 {
		u.log.Warn("ui: undecodable usage segments", "host", host, "count", bad)
	}
	return newPlot(series)
}

// decodeSegments decodes each segment on its own; a bad one is counted
// and skipped, never fatal to the page.
func decodeSegments(segs [][]byte) ([]*usage.Series, int) {
	var out []*usage.Series
	bad := 0
	for _, b := range segs {
		s, err := usage.Decode(b)
		if err != nil {
			bad++
			continue
		}
		out = append(out, s)
	}
	return out, bad
}

func mergeTotals(series []*usage.Series) []usage.Total {
	var out []usage.Total
	for _, s := range series {
		out = append(out, s.Totals...)
	}
	slices.SortStableFunc(out, func(a, b usage.Total) int { return a.Time.Compare(b.Time) })
	return out
}

// topProcs returns the n processes with the highest peak RSS over every
// segment, their points merged by (pid, start) and in time order.
func topProcs(series []*usage.Series, n int) []usage.ProcSeries {
	type key struct {
		pid   int32
		start uint64
	}
	byKey := map[key]*usage.ProcSeries{}
	for _, s := range series {
		for _, p := range s.Procs {
			k := key{p.PID, p.Start}
			if byKey[k] == nil {
				byKey[k] = &usage.ProcSeries{PID: p.PID, Start: p.Start, Comm: p.Comm}
			}
			byKey[k].Points = append(byKey[k].Points, p.Points...)
		}
	}
	all := make([]usage.ProcSeries, 0, len(byKey))
	for _, p := range byKey {
		slices.SortStableFunc(p.Points, func(a, b usage.Point) int { return a.Time.Compare(b.Time) })
		all = append(all, *p)
	}
	slices.SortFunc(all, func(a, b usage.ProcSeries) int {
		return cmp.Or(cmp.Compare(peakRSS(b), peakRSS(a)), cmp.Compare(a.PID, b.PID), cmp.Compare(a.Start, b.Start))
	})
	return all[:min(n, len(all))]
}

func peakRSS(p usage.ProcSeries) int64 {
	var m int64
	for _, pt := range p.Points {
		m = max(m, pt.RSSKiB)
	}
	return m
}
