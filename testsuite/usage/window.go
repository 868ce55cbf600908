package usage

import (
	"cmp"
	"slices"
)

// window aggregates per-process readings over Config.Window samples.
type window struct {
	n     int
	procs map[key]*agg
}

// agg is one process over a window.
type agg struct {
	pid    int32
	start  uint64
	comm   string
	maxRSS uint64 // KiB
	vsz    uint64 // KiB, last seen
	cpu    uint64 // summed permille
}

func (w *window) reset() {
	w.n = 0
	if w.procs == nil {
		w.procs = map[key]*agg{}
	}
	clear(w.procs)
}

func (w *window) add(s *Sample) {
	w.n++
	for i := range s.Procs {
		p := &s.Procs[i]
		a := w.procs[p.key()]
		if a == nil {
			a = &agg{pid: p.PID, start: p.Start, comm: p.Comm}
			w.procs[p.key()] = a
		}
		a.maxRSS = max(a.maxRSS, p.RSSKiB)
		a.vsz = p.VSZKiB
		a.cpu += uint64(p.CPU)
	}
}

// top returns the union of the topRSS largest and topCPU busiest
// processes, in a deterministic order.
func (w *window) top(topRSS, topCPU int) []*agg {
	all := make([]*agg, 0, len(w.procs))
	for _, a := range w.procs {
		all = append(all, a)
	}
	byKey := func(a, b *agg) int { return cmp.Or(cmp.Compare(a.pid, b.pid), cmp.Compare(a.start, b.start)) }
	slices.SortFunc(all, func(a, b *agg) int { return cmp.Or(cmp.Compare(b.maxRSS, a.maxRSS), byKey(a, b)) })
	picked := map[*agg]bool{}
	for _, a := range all[:min(topRSS, len(all))] {
		picked[a] = true
	}
	slices.SortFunc(all, func(a, b *agg) int { return cmp.Or(cmp.Compare(b.cpu, a.cpu), byKey(a, b)) })
	for _, a := range all[:min(topCPU, len(all))] {
		if a.cpu > 0 {
			picked[a] = true
		}
	}
	out := make([]*agg, 0, len(picked))
	for a := range picked {
		out = append(out, a)
	}
	slices.SortFunc(out, byKey)
	return out
}
