package tftp

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/pin/tftp/v3"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	dto "github.com/prometheus/client_model/go"
)

func TestMetricsAfterTransfers(t *testing.T) {
	ts := startServer(t, confinedDir(t))
	want := writeRandom(t, ts.dir, "one.bin", 100_000)
	for _, blksize := range []int{512, 1468, 8192} {
		got, err := goGet(t, ts.addr, "one.bin", blksize)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("blksize %d: got %d bytes, err %v", blksize, len(got), err)
		}
	}
	oack := probeTsize(t, ts.addr, "one.bin")
	if oack["tsize"] != strconv.Itoa(len(want)) || oack["blksize"] != "1468" {
		t.Errorf("tsize probe: got OACK %v, want tsize %d, blksize 1468", oack, len(want))
	}
	goGet(t, ts.addr, "../secret", 0)
	goGet(t, ts.addr, "missing.bin", 0)
	goPut(t, ts.addr, "upload.bin")
	ts.stop()

	expect := `
# HELP ironbase_tftp_transfers_total TFTP requests by result: ok, failed, refused (writes included), tsize_probe, duplicate.
# TYPE ironbase_tftp_transfers_total counter
ironbase_tftp_transfers_total{result="duplicate"} 0
ironbase_tftp_transfers_total{result="failed"} 0
ironbase_tftp_transfers_total{result="ok"} 3
ironbase_tftp_transfers_total{result="refused"} 3
ironbase_tftp_transfers_total{result="tsize_probe"} 1
`
	if err := testutil.GatherAndCompare(ts.reg, strings.NewReader(expect), "ironbase_tftp_transfers_total"); err != nil {
		t.Error(err)
	}
	checkCounter(t, "sent bytes", ts.m.bytes, float64(3*len(want)))
	checkCounter(t, "refusals dotdot", ts.m.refusals.WithLabelValues(reasonDotDot), 1)
	checkCounter(t, "refusals not_found", ts.m.refusals.WithLabelValues(reasonNotFound), 1)
	checkCounter(t, "refusals write", ts.m.refusals.WithLabelValues(reasonWrite), 1)
	checkHistogramCount(t, ts, 3)
}

func checkCounter(t *testing.T, what string, c prometheus.Collector, want float64) {
	t.Helper()
	if got := testutil.ToFloat64(c); got != want {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}

func checkHistogramCount(t *testing.T, ts *testServer, want uint64) {
	t.Helper()
	var m dto.Metric
	if err := ts.m.duration.(prometheus.Metric).Write(&m); err != nil {
		t.Fatal(err)
	}
	if got := m.GetHistogram().GetSampleCount(); got != want {
		t.Errorf("duration observations: got %d, want %d", got, want)
	}
}

// goPut tries to upload a few bytes; the server must refuse.
func goPut(t *testing.T, addr, name string) {
	t.Helper()
	c, err := tftp.NewClient(addr)
	if err != nil {
		t.Fatal(err)
	}
	rf, err := c.Send(name, "octet")
	if err != nil {
		return // refused at once: fine
	}
	if _, err := rf.ReadFrom(strings.NewReader("data")); err == nil {
		t.Errorf("put %q: got no error, want a refusal", name)
	}
}
