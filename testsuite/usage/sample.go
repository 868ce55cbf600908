package usage

import "time"

// Proc is one process in one sample.
type Proc struct {
	PID int32
	// Start is the process start time in clock ticks after boot; with PID
	// it identifies the process across PID reuse.
	Start  uint64
	Comm   string
	RSSKiB uint64
	VSZKiB uint64
	// CPU is the CPU used since the previous sample, in permille of one
	// core (1000 = one core busy).
	CPU uint32
}

// Sample is one reading of the host.
type Sample struct {
	Time            time.Time
	MemAvailableKiB uint64
	Procs           []Proc
}

// key identifies a process across samples.
type key struct {
	pid   int32
	start uint64
}

func (p *Proc) key() key { return key{p.PID, p.Start} }

// totals is what a tick records.
type totals struct {
	procs, rssMiB, vszMiB, cpu, availMiB int64
}

func sumSample(s *Sample) totals {
	var rss, vsz, cpu uint64
	for i := range s.Procs {
		p := &s.Procs[i]
		rss += p.RSSKiB
		vsz += p.VSZKiB
		cpu += uint64(p.CPU)
	}
	return totals{
		procs:    int64(len(s.Procs)),
		rssMiB:   int64(rss >> 10),
		vszMiB:   int64(vsz >> 10),
		cpu:      int64(cpu),
		availMiB: int64(s.MemAvailableKiB >> 10),
	}
}
