package tftp

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
)

// TestParallelTransfers runs concurrent in-process clients, so that the
// race detector sees the handler, the hook and the metrics under load.
func TestParallelTransfers(t *testing.T) {
	ts := startServer(t, t.TempDir())
	const n = 32
	want := writeRandom(t, ts.dir, "p.bin", 200_000)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			blksize := []int{512, 1468, 8192}[i%3]
			got, err := goGet(t, ts.addr, "p.bin", blksize)
			if err == nil && !bytes.Equal(got, want) {
				err = fmt.Errorf("blksize %d: got %d bytes, differing", blksize, len(got))
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	ts.stop()
	checkCounter(t, "transfers ok", ts.m.transfers.WithLabelValues(resultOK), n)
	checkCounter(t, "sent bytes", ts.m.bytes, n*float64(len(want)))
}
