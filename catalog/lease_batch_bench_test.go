package catalog

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// BenchmarkLeaseBatch commits batches of DHCP commits for new MACs (each a
// discovered host plus its lease), as the DHCP server's group commit does,
// for random MACs, as perfdhcp's clients have. Per-op figures are per
// lease.
func BenchmarkLeaseBatch(b *testing.B) {
	for _, n := range []int{1, 8, 64} {
		b.Run(fmt.Sprintf("batch=%d", n), func(b *testing.B) {
			s := newTestStore(b)
			ctx := context.Background()
			first, last := netip.MustParseAddr("10.64.1.0"), netip.MustParseAddr("10.67.255.254")
			qs := make([]LeaseQuery, n)
			rng := rand.New(rand.NewPCG(1, uint64(n)))
			b.ResetTimer()
			cpu0, w0 := processCPU(), writtenBytes()
			for done := 0; done < b.N; done += n {
				for i := range qs {
					mac := rng.Uint32()
					qs[i] = LeaseQuery{MAC: fmt.Sprintf("02:02:%02x:%02x:%02x:%02x", byte(mac>>24), byte(mac>>16), byte(mac>>8), byte(mac)),
						Commit: true, Duration: time.Hour, Hold: time.Minute, First: first, Last: last}
				}
				if _, err := s.LeaseBatch(ctx, qs); err != nil {
					b.Fatal(err)
				}
			}
			// CPU time (user+system, the whole process): less noisy than
			// wall time on a shared machine.
			b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
			// Bytes handed to write system calls (WAL frames, checkpoints):
			// what the fsyncs then carry to the disk.
			b.ReportMetric(float64(writtenBytes()-w0)/float64(b.N), "written-B/op")
		})
	}
}

// writtenBytes is the process's wchar from /proc/self/io: bytes passed to
// write system calls so far (0 where /proc is missing).
func writtenBytes() int64 {
	b, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "wchar: "); ok {
			n, _ := strconv.ParseInt(v, 10, 64)
			return n
		}
	}
	return 0
}

// processCPU is the process's user+system CPU time so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
