package usage

import (
	"errors"
	"fmt"
	"time"
)

// Decode reads one segment. It never panics on malformed input.
func Decode(b []byte) (*Series, error) {
	if len(b) < len(magic) || string(b[:len(magic)]) != magic {
		return nil, errors.New("usage: not a series segment (bad magic)")
	}
	d := decoder{r: reader{b: b[len(magic):]}}
	d.header()
	for d.r.err == nil && len(d.r.b) > 0 {
		d.record()
	}
	if d.r.err != nil {
		return nil, fmt.Errorf("usage: at byte %d: %w", len(b)-len(d.r.b), d.r.err)
	}
	return &d.s, nil
}

type decoder struct {
	r      reader
	s      Series
	lastMs int64
	prev   Total
	state  []procState
}

func (d *decoder) header() {
	start, interval, window := int64(d.r.u()), int64(d.r.u()), d.r.u()
	if d.r.err == nil && (interval > int64(time.Hour/time.Millisecond) || window > 1<<20) {
		d.r.err = errors.New("implausible interval or window")
	}
	d.s.Start = time.UnixMilli(start)
	d.s.Interval, d.s.Window = time.Duration(interval)*time.Millisecond, int(window)
	d.lastMs = start - interval
}

func (d *decoder) record() {
	switch tag := d.r.byte(); tag {
	case tagTick:
		d.tick()
	case tagProc:
		d.proc()
	case tagWindow:
		d.window()
	default:
		if d.r.err == nil {
			d.r.err = fmt.Errorf("unknown record tag %#x", tag)
		}
	}
}

func (d *decoder) tick() {
	d.lastMs += d.r.s() + d.s.Interval.Milliseconds()
	t := d.prev
	t.Time = time.UnixMilli(d.lastMs)
	for _, f := range []*int64{&t.Procs, &t.RSSMiB, &t.VSZMiB, &t.CPU, &t.MemAvailableMiB} {
		*f += d.r.s()
	}
	if d.r.err == nil {
		d.s.Totals = append(d.s.Totals, t)
		d.prev = t
	}
}
