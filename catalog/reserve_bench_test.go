package catalog

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkReserveRelease is one reserve + release cycle on a fleet of
// verified hosts (for profiling; the figures to quote come from
// `ironbase-bench reserve`, which compares against raw commits).
func BenchmarkReserveRelease(b *testing.B) {
	s := newTestStore(b)
	readyFleet(b, s, 200)
	ctx := context.Background()
	b.ResetTimer()
	for i := range b.N {
		if i%200 == 199 {
			b.StopTimer()
			for j := range 200 {
				h := fmt.Sprintf("h%02d", j)
				if got, _ := s.Host(ctx, h); got.State == HostCleaning {
					s.TransitionHost(ctx, h, HostTransition{To: HostVerifying})
					verify(b, s, h, "A", "pass")
				}
			}
			b.StartTimer()
		}
		r, err := s.Reserve(ctx, "bench", ReserveRequest{RequestID: fmt.Sprint(i), Pool: "lab", Count: 1, Duration: Duration(time.Hour)})
		if err != nil || r.State != ResActive {
			b.Fatalf("reserve %d: %+v %v", i, r.State, err)
		}
		if _, err := s.ReleaseReservation(ctx, r.ID, "bench", false); err != nil {
			b.Fatal(err)
		}
	}
}
