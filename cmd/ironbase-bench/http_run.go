package main

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// runHTTPScenarios checks both servers' content and ranges, then times the
// single and the parallel download.
func (o *httpOptions) runHTTPScenarios(ctx context.Context, peers []httpPeer, w io.Writer) error {
	fmt.Fprintf(w, "load before: %s\n", loadAvg())
	for _, p := range peers {
		if err := o.checkContent(ctx, p); err != nil {
			return fmt.Errorf("%s: %w", p.name, err)
		}
		fmt.Fprintf(w, "%s: whole-body sha256 and %d Range requests correct\n", p.name, len(httpRanges(o.size)))
	}
	type sc struct {
		name     string
		parallel int
		rounds   int
	}
	scs := []sc{{fmt.Sprintf("%dMiB single", o.size>>20), 1, o.rounds}}
	if o.parallel > 1 {
		scs = append(scs, sc{fmt.Sprintf("%dx%dMiB parallel", o.parallel, o.size>>20), o.parallel, o.parRounds})
	}
	fmt.Fprintf(w, "%-22s %12s %12s %12s %12s %7s\n", "scenario", "nginx", "GB/s", "ironbase", "GB/s", "ratio")
	for _, s := range scs {
		med, err := o.measureHTTP(ctx, peers, s.parallel, s.rounds)
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		bytes := float64(o.size) * float64(s.parallel)
		fmt.Fprintf(w, "%-22s %12s %12.2f %12s %12.2f %7.2f\n", s.name,
			round(med[0]), bytes/med[0].Seconds()/1e9, round(med[1]), bytes/med[1].Seconds()/1e9,
			float64(med[0])/float64(med[1]))
	}
	fmt.Fprintf(w, "ratio = nginx median / ironbase median (goal ≥ 0.9); load after: %s\n", loadAvg())
	return nil
}

// measureHTTP alternates the peers round by round after one untimed
// warm-up each (ironbase hashes a blob before it first serves it).
func (o *httpOptions) measureHTTP(ctx context.Context, peers []httpPeer, parallel, rounds int) ([]time.Duration, error) {
	times := make([][]time.Duration, len(peers))
	for r := -1; r < rounds; r++ {
		for i, p := range peers {
			d, err := o.downloadN(ctx, p, parallel)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", p.name, err)
			}
			if r >= 0 {
				times[i] = append(times[i], d)
			}
		}
	}
	meds := make([]time.Duration, len(peers))
	for i := range peers {
		meds[i] = median(times[i])
	}
	return meds, nil
}

// downloadN runs n curls at once and returns curl's own time for one, the
// wall time for several. Any failed or short download fails the run.
func (o *httpOptions) downloadN(ctx context.Context, p httpPeer, n int) (time.Duration, error) {
	if n == 1 {
		return o.curlGet(ctx, p)
	}
	var wg sync.WaitGroup
	errs := make([]error, n)
	start := time.Now()
	for i := range n {
		wg.Go(func() { _, errs[i] = o.curlGet(ctx, p) })
	}
	wg.Wait()
	wall := time.Since(start)
	for _, err := range errs {
		if err != nil {
			return 0, err
		}
	}
	return wall, nil
}

// curlGet downloads the blob into /dev/null and checks status and size.
func (o *httpOptions) curlGet(ctx context.Context, p httpPeer) (time.Duration, error) {
	url := p.base + o.urlPath()
	out, err := exec.CommandContext(ctx, o.curl, "-sS", "-o", "/dev/null",
		"-w", "%{http_code} %{time_total} %{size_download}", url).Output()
	if err != nil {
		return 0, fmt.Errorf("curl %s: %w", url, err)
	}
	var code int
	var secs float64
	var size int64
	if _, err := fmt.Sscanf(strings.TrimSpace(string(out)), "%d %g %d", &code, &secs, &size); err != nil {
		return 0, fmt.Errorf("curl %s: parse %q: %w", url, out, err)
	}
	if code != 200 || size != o.size {
		return 0, fmt.Errorf("curl %s: status %d, %d bytes; want 200, %d bytes", url, code, size, o.size)
	}
	return time.Duration(secs * float64(time.Second)), nil
}
