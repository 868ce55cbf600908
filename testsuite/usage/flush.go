package usage

import "slices"

// flushWindow writes the window's top processes, defining new ones first.
func (e *Encoder) flushWindow() {
	top := e.window.top(e.cfg.TopRSS, e.cfg.TopCPU)
	states := make([]*procState, len(top))
	for i, a := range top {
		states[i] = e.define(a)
	}
	order := make([]int, len(top)) // by segment index, for ascending deltas
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int { return states[x].index - states[y].index })
	e.buf = append(e.buf, tagWindow)
	e.buf = putU(e.buf, uint64(len(top)))
	prev := 0
	for _, i := range order {
		a, st := top[i], states[i]
		e.buf = putU(e.buf, uint64(st.index-prev))
		prev = st.index
		rss, vsz := int64(a.maxRSS>>2), int64(a.vsz>>10)
		e.buf = putS(e.buf, rss-st.rssPages)
		e.buf = putS(e.buf, vsz-st.vszMiB)
		e.buf = putU(e.buf, a.cpu/uint64(e.window.n))
		st.rssPages, st.vszMiB = rss, vsz
	}
	e.window.reset()
}

// define returns the process's state, writing a 'P' record the first time
// the segment mentions it.
func (e *Encoder) define(a *agg) *procState {
	k := key{a.pid, a.start}
	if st := e.procs[k]; st != nil {
		return st
	}
	st := &procState{index: len(e.procs)}
	e.procs[k] = st
	comm := a.comm
	if len(comm) > maxComm {
		comm = comm[:maxComm]
	}
	e.buf = append(e.buf, tagProc)
	e.buf = putU(e.buf, uint64(uint32(a.pid)))
	e.buf = putU(e.buf, a.start)
	e.buf = putU(e.buf, uint64(len(comm)))
	e.buf = append(e.buf, comm...)
	return st
}

// maxComm bounds a process name (the kernel's is 15 bytes).
const maxComm = 64
