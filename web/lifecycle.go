package web

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"net/http"
	"slices"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/testsuite/usage"
)

// lifecycleStore is what the lifecycle endpoints need: staging candidates,
// retests, and the detail `host show` prints.
type lifecycleStore interface {
	StageImage(ctx context.Context, ref string, req catalog.StageRequest, actor string) ([]string, error)
	RetestHost(ctx context.Context, host, actor string) (catalog.Host, error)
	HostDetail(ctx context.Context, name string) (catalog.HostDetail, error)
	HostSamples(ctx context.Context, host string) ([]catalog.SampleChunk, error)
}

// StageReply lists the hosts a candidate was staged on.
type StageReply struct {
	Image string   `json:"image"`
	Pool  string   `json:"pool"`
	Hosts []string `json:"hosts"`
}

func (s *Server) stageImage(w http.ResponseWriter, r *http.Request) {
	req, err := decode[catalog.StageRequest](w, r)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	hosts, err := s.cat.StageImage(r.Context(), r.PathValue("ref"), req, caller(r.Context()).Name)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, StageReply{Image: r.PathValue("ref"), Pool: req.Pool, Hosts: hosts})
}

func (s *Server) retestHost(w http.ResponseWriter, r *http.Request) {
	h, err := s.cat.RetestHost(r.Context(), r.PathValue("name"), caller(r.Context()).Name)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, h)
}

// HostShow is a host with its current boot, latest suite and resource use.
type HostShow struct {
	catalog.HostDetail
	Usage *UsageSummary `json:"usage,omitempty"`
}

// UsageSummary condenses the current boot's 1 Hz samples: the series is
// for plots (the web UI); the CLI prints the summary.
type UsageSummary struct {
	Samples   int           `json:"samples"`
	Series    []UsagePoint  `json:"series"`
	Errors    []string      `json:"errors,omitempty"` // chunks that did not decode
	TopMemory []ProcessPeak `json:"top_memory,omitempty"`
}

// UsagePoint is the host totals of one sample.
type UsagePoint = usage.Total

// ProcessPeak is a process's peak memory over the series.
type ProcessPeak struct {
	PID     int32  `json:"pid"`
	Comm    string `json:"comm"`
	PeakKiB int64  `json:"peak_kib"`
}

func (s *Server) getHostDetail(w http.ResponseWriter, r *http.Request) {
	d, err := s.cat.HostDetail(r.Context(), r.PathValue("name"))
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	chunks, err := s.cat.HostSamples(r.Context(), d.Name)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, HostShow{HostDetail: d, Usage: summarize(chunks)})
}

// summarize decodes the chunks (each a self-contained segment) into one
// series of host totals and the processes with the highest peak memory.
func summarize(chunks []catalog.SampleChunk) *UsageSummary {
	if len(chunks) == 0 {
		return nil
	}
	u := &UsageSummary{Series: []UsagePoint{}}
	peaks := map[int32]ProcessPeak{}
	for _, c := range chunks {
		sr, err := usage.Decode(c.Data)
		if err != nil {
			u.Errors = append(u.Errors, fmt.Sprintf("chunk %d: %v", c.Seq, err))
			continue
		}
		u.Series = append(u.Series, sr.Totals...)
		for _, p := range sr.Procs {
			for _, pt := range p.Points {
				if pt.RSSKiB > peaks[p.PID].PeakKiB {
					peaks[p.PID] = ProcessPeak{PID: p.PID, Comm: p.Comm, PeakKiB: pt.RSSKiB}
				}
			}
		}
	}
	u.Samples = len(u.Series)
	u.TopMemory = topPeaks(peaks, 5)
	return u
}

func topPeaks(peaks map[int32]ProcessPeak, n int) []ProcessPeak {
	out := slices.Collect(maps.Values(peaks))
	slices.SortFunc(out, func(a, b ProcessPeak) int { return cmp.Compare(b.PeakKiB, a.PeakKiB) })
	return out[:min(n, len(out))]
}
