package usage

import "time"

// Config tunes an Encoder; the zero value gives the defaults.
type Config struct {
	// Interval is the nominal time between samples (default 1s).
	Interval time.Duration
	// Window is the number of samples per per-process point (default 10).
	Window int
	// TopRSS and TopCPU are how many processes a window keeps by peak RSS
	// and by mean CPU (default 8 each).
	TopRSS, TopCPU int
}

func (c *Config) setDefaults() {
	if c.Interval <= 0 {
		c.Interval = time.Second
	}
	if c.Window <= 0 {
		c.Window = 10
	}
	if c.TopRSS <= 0 {
		c.TopRSS = 8
	}
	if c.TopCPU <= 0 {
		c.TopCPU = 8
	}
}

// Encoder turns samples into segments. It is not safe for concurrent use.
type Encoder struct {
	cfg     Config
	buf     []byte
	started bool
	lastMs  int64 // the previous tick's time, in Unix milliseconds
	prev    totals
	procs   map[key]*procState // processes defined in this segment
	window  window
}

// procState is what the segment has said about a process so far.
type procState struct {
	index    int
	rssPages int64
	vszMiB   int64
}

// NewEncoder returns an encoder with cfg's defaults filled in.
func NewEncoder(cfg Config) *Encoder {
	cfg.setDefaults()
	e := &Encoder{cfg: cfg}
	e.reset()
	return e
}

func (e *Encoder) reset() {
	e.buf, e.started, e.prev = e.buf[:0], false, totals{}
	e.procs = map[key]*procState{}
	e.window.reset()
}

// Len is the size of the segment so far, in bytes.
func (e *Encoder) Len() int { return len(e.buf) }

// Add records a sample. Samples must come in time order.
func (e *Encoder) Add(s *Sample) {
	if !e.started {
		e.header(s.Time)
	}
	e.tick(s)
	e.window.add(s)
	if e.window.n >= e.cfg.Window {
		e.flushWindow()
	}
}

// Cut ends the segment (writing any partial window), returns it, and
// starts a new one with the next Add. It returns nil if nothing was added.
func (e *Encoder) Cut() []byte {
	if !e.started {
		return nil
	}
	if e.window.n > 0 {
		e.flushWindow()
	}
	out := append([]byte(nil), e.buf...)
	e.reset()
	return out
}

func (e *Encoder) header(t time.Time) {
	e.buf = append(e.buf, magic...)
	e.buf = putU(e.buf, uint64(t.UnixMilli()))
	e.buf = putU(e.buf, uint64(e.cfg.Interval.Milliseconds()))
	e.buf = putU(e.buf, uint64(e.cfg.Window))
	e.started, e.lastMs = true, t.UnixMilli()-e.cfg.Interval.Milliseconds()
}

func (e *Encoder) tick(s *Sample) {
	t := sumSample(s)
	ms := s.Time.UnixMilli()
	e.buf = append(e.buf, tagTick)
	e.buf = putS(e.buf, ms-e.lastMs-e.cfg.Interval.Milliseconds())
	e.lastMs = ms
	for _, d := range [...]int64{t.procs - e.prev.procs, t.rssMiB - e.prev.rssMiB, t.vszMiB - e.prev.vszMiB, t.cpu - e.prev.cpu, t.availMiB - e.prev.availMiB} {
		e.buf = putS(e.buf, d)
	}
	e.prev = t
}
