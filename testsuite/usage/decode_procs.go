package usage

import (
	"errors"
	"time"
)

func (d *decoder) proc() {
	pid, start, n := d.r.u(), d.r.u(), d.r.u()
	if d.r.err != nil {
		return
	}
	if n > maxComm || n > uint64(len(d.r.b)) || pid > 1<<32-1 {
		d.r.err = errors.New("bad process record")
		return
	}
	comm := string(d.r.b[:n])
	d.r.b = d.r.b[n:]
	d.s.Procs = append(d.s.Procs, ProcSeries{PID: int32(uint32(pid)), Start: start, Comm: comm})
	d.state = append(d.state, procState{})
}

func (d *decoder) window() {
	n := d.r.u()
	if d.r.err == nil && n > uint64(len(d.r.b)) {
		d.r.err = errors.New("window larger than the segment")
	}
	idx := 0
	for i := uint64(0); i < n && d.r.err == nil; i++ {
		step, rss, vsz, cpu := d.r.u(), d.r.s(), d.r.s(), d.r.u()
		if d.r.err != nil {
			return
		}
		if step > uint64(len(d.state)) || idx+int(step) >= len(d.state) || cpu > 1<<40 {
			d.r.err = errors.New("window names an undefined process")
			return
		}
		idx += int(step)
		st := &d.state[idx]
		st.rssPages += rss
		st.vszMiB += vsz
		d.s.Procs[idx].Points = append(d.s.Procs[idx].Points, Point{
			Time: time.UnixMilli(d.lastMs), RSSKiB: st.rssPages * 4, VSZMiB: st.vszMiB, CPU: int64(cpu),
		})
	}
}
