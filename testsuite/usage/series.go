package usage

import "time"

// Series is a decoded segment.
type Series struct {
	Start    time.Time     `json:"start"`
	Interval time.Duration `json:"interval_ns"`
	Window   int           `json:"window"`
	Totals   []Total       `json:"totals"`
	Procs    []ProcSeries  `json:"procs"`
}

// Total is the host at one tick.
type Total struct {
	Time            time.Time `json:"t"`
	Procs           int64     `json:"procs"`
	RSSMiB          int64     `json:"rss_mib"`
	VSZMiB          int64     `json:"vsz_mib"`
	CPU             int64     `json:"cpu_permille"`
	MemAvailableMiB int64     `json:"mem_available_mib"`
}

// ProcSeries is one process's points; a process appears only in the
// windows where it was among the top ones.
type ProcSeries struct {
	PID    int32   `json:"pid"`
	Start  uint64  `json:"start_ticks"`
	Comm   string  `json:"comm"`
	Points []Point `json:"points"`
}

// Point is one process over one window, stamped with the window's last tick.
type Point struct {
	Time   time.Time `json:"t"`
	RSSKiB int64     `json:"rss_kib"` // peak over the window
	VSZMiB int64     `json:"vsz_mib"` // last in the window
	CPU    int64     `json:"cpu_permille"`
}
