package catalog

import (
	"context"
	"fmt"
	"net/netip"
	"syscall"
	"testing"
	"time"
)

// BenchmarkLeaseBatch commits batches of DHCP commits for new MACs (each a
// discovered host plus its lease), as the DHCP server's group commit does.
// Per-op figures are per lease.
func BenchmarkLeaseBatch(b *testing.B) {
	for _, n := range []int{1, 8, 64} {
		b.Run(fmt.Sprintf("batch=%d", n), func(b *testing.B) {
			s := newTestStore(b)
			ctx := context.Background()
			first, last := netip.MustParseAddr("10.64.1.0"), netip.MustParseAddr("10.67.255.254")
			qs := make([]LeaseQuery, n)
			mac := 0
			b.ResetTimer()
			cpu0 := processCPU()
			for done := 0; done < b.N; done += n {
				for i := range qs {
					mac++
					qs[i] = LeaseQuery{MAC: fmt.Sprintf("02:02:00:%02x:%02x:%02x", byte(mac>>16), byte(mac>>8), byte(mac)),
						Commit: true, Duration: time.Hour, Hold: time.Minute, First: first, Last: last}
				}
				if _, err := s.LeaseBatch(ctx, qs); err != nil {
					b.Fatal(err)
				}
			}
			// CPU time (user+system, the whole process): less noisy than
			// wall time on a shared machine.
			b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// processCPU is the process's user+system CPU time so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
