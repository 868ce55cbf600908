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

// BenchmarkLeaseBatch commits batches of DHCP commits for new MACs (each
// a lease; their hosts are BenchmarkDiscover's), as the DHCP server's
// group commit does, for random MACs, as perfdhcp's clients have. Per-op
// figures are per lease.
func BenchmarkLeaseBatch(b *testing.B) {
	first, last := netip.MustParseAddr("10.64.1.0"), netip.MustParseAddr("10.67.255.254")
	benchBatches(b, []int{1, 8, 64}, func(s testStore, macs []string) error {
		qs := make([]LeaseQuery, len(macs))
		for i, mac := range macs {
			qs[i] = LeaseQuery{MAC: mac, Commit: true, Duration: time.Hour, Hold: time.Minute, First: first, Last: last}
		}
		_, err := s.LeaseBatch(context.Background(), qs)
		return err
	})
}

// BenchmarkDiscover records batches of new random MACs as `new` hosts, as
// the DHCP server does after their leases. Per-op figures are per host.
func BenchmarkDiscover(b *testing.B) {
	benchBatches(b, []int{64, 1024, 4096}, func(s testStore, macs []string) error {
		_, err := s.Discover(context.Background(), macs)
		return err
	})
}

// benchBatches calls write with batches of n random MACs for each n,
// reporting CPU time and bytes written per MAC.
func benchBatches(b *testing.B, sizes []int, write func(s testStore, macs []string) error) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("batch=%d", n), func(b *testing.B) {
			s := newTestStore(b)
			macs := make([]string, n)
			rng := rand.New(rand.NewPCG(1, uint64(n)))
			b.ResetTimer()
			cpu0, w0 := processCPU(), writtenBytes()
			for done := 0; done < b.N; done += n {
				for i := range macs {
					mac := rng.Uint32()
					macs[i] = fmt.Sprintf("02:02:%02x:%02x:%02x:%02x", byte(mac>>24), byte(mac>>16), byte(mac>>8), byte(mac))
				}
				if err := write(s, macs); err != nil {
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
