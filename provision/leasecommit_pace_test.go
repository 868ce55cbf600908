package provision

import (
	"fmt"
	"testing"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

// pacedGroup is a group commit of at most max that paces itself on a
// clock that stands still until the test fires its timers.
func pacedGroup(t *testing.T, f *fakeBatches, max int) (*groupCommit, *gateClock) {
	clock := &gateClock{}
	g := &groupCommit{commit: f.commit, max: max, maxQueue: 1000, pace: time.Second,
		now: clock.Now, after: clock.After}
	t.Cleanup(func() { // let the runner's last wait end, so that it returns
		waitFor(t, func() bool {
			clock.fire()
			g.mu.Lock()
			defer g.mu.Unlock()
			return !g.running
		})
	})
	return g, clock
}

// pending is how many timers were taken and not fired yet.
func (c *gateClock) pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

// queueBehindFirst commits m0 (held until the test lets it go), queues
// m1..mn behind it, and returns once the runner waits for its pace.
func queueBehindFirst(t *testing.T, g *groupCommit, clock *gateClock, f *fakeBatches, n int) []<-chan catalog.LeaseResult {
	t.Helper()
	first := call(g, "m0", time.Time{})
	<-f.started // the first commit after idle runs at once, though no timer fired
	var waits []<-chan catalog.LeaseResult
	for i := 1; i <= n; i++ {
		waits = append(waits, call(g, fmt.Sprintf("m%d", i), time.Time{}))
	}
	close(f.hold)
	if r := <-first; r.Err != nil {
		t.Fatalf("m0: %v", r.Err)
	}
	waitFor(t, func() bool { return clock.pending() == 1 })
	return waits
}

// expectBatches waits for every result and checks the batches committed.
func expectBatches(t *testing.T, f *fakeBatches, waits []<-chan catalog.LeaseResult, want string) {
	t.Helper()
	for i, w := range waits {
		select {
		case r := <-w:
			if r.Err != nil || r.Answer.Host != fmt.Sprintf("for m%d", i+1) {
				t.Errorf("m%d got %+v, want its own answer", i+1, r)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("m%d never committed", i+1)
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if got := fmt.Sprint(f.batches); got != want {
		t.Errorf("committed %s, want %s", got, want)
	}
}

// Under load a short batch waits for the pace, gathering what arrives
// meanwhile into the same transaction.
func TestGroupCommitPacesShortBatches(t *testing.T) {
	f := &fakeBatches{hold: make(chan struct{}), started: make(chan struct{})}
	g, clock := pacedGroup(t, f, 8)
	waits := queueBehindFirst(t, g, clock, f, 3)
	time.Sleep(20 * time.Millisecond) // would the runner commit m1..m3 early?
	f.mu.Lock()
	early := len(f.batches)
	f.mu.Unlock()
	if early != 1 {
		t.Fatalf("%d batches before the pace passed, want only the first", early)
	}
	waits = append(waits, call(g, "m4", time.Time{}))
	clock.fire()
	expectBatches(t, f, waits, "[[m0] [m1 m2 m3 m4]]")
}

// A queue that fills up ends the wait at once: pacing never holds back a
// full batch.
func TestGroupCommitFullQueueEndsPace(t *testing.T) {
	f := &fakeBatches{hold: make(chan struct{}), started: make(chan struct{})}
	g, clock := pacedGroup(t, f, 4)
	waits := queueBehindFirst(t, g, clock, f, 2)
	waits = append(waits, call(g, "m3", time.Time{}), call(g, "m4", time.Time{}))
	expectBatches(t, f, waits, "[[m0] [m1 m2 m3 m4]]") // while no timer fired
}
