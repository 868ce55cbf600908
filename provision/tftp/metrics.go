package tftp

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

// Transfer results: the result label of ironbase_tftp_transfers_total.
const (
	resultOK         = "ok"
	resultFailed     = "failed"
	resultRefused    = "refused"
	resultTsizeProbe = "tsize_probe"
	resultDuplicate  = "duplicate"
)

type metrics struct {
	transfers *prometheus.CounterVec
	bytes     prometheus.Counter
	duration  prometheus.Histogram
	refusals  *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		transfers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ironbase_tftp_transfers_total",
			Help: "TFTP requests by result: ok, failed, refused (writes included), tsize_probe, duplicate.",
		}, []string{"result"}),
		bytes: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ironbase_tftp_sent_bytes_total",
			Help: "File bytes sent over TFTP, whatever the transfer's outcome.",
		}),
		duration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "ironbase_tftp_transfer_duration_seconds",
			Help:    "Duration of successful TFTP transfers.",
			Buckets: prometheus.ExponentialBuckets(0.005, 2.5, 10),
		}),
		refusals: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ironbase_tftp_refusals_total",
			Help: "Refused TFTP requests by reason.",
		}, []string{"reason"}),
	}
	m.initLabels()
	if reg == nil {
		return m, nil
	}
	for _, c := range []prometheus.Collector{m.transfers, m.bytes, m.duration, m.refusals} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("tftp: register metrics: %w", err)
		}
	}
	return m, nil
}

// initLabels makes every known series visible at zero from the start.
func (m *metrics) initLabels() {
	for _, r := range []string{resultOK, resultFailed, resultRefused, resultTsizeProbe, resultDuplicate} {
		m.transfers.WithLabelValues(r)
	}
	for _, r := range allReasons {
		m.refusals.WithLabelValues(r)
	}
}
