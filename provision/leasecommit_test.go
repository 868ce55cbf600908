package provision

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/provision/dhcp"
)

// fakeBatches is a batchFunc: it answers each query with an address made
// from its MAC, records the batches, and can be held or made to fail.
type fakeBatches struct {
	mu      sync.Mutex
	batches [][]string
	hold    chan struct{} // when set, the first commit waits for it
	started chan struct{} // closed when the first commit began
	fail    error
}

func (f *fakeBatches) commit(_ context.Context, qs []catalog.LeaseQuery) ([]catalog.LeaseResult, error) {
	f.mu.Lock()
	var macs []string
	for _, q := range qs {
		macs = append(macs, q.MAC)
	}
	f.batches = append(f.batches, macs)
	hold, first := f.hold, len(f.batches) == 1
	f.mu.Unlock()
	if first && hold != nil {
		close(f.started)
		<-hold
	}
	if f.fail != nil {
		return nil, f.fail
	}
	res := make([]catalog.LeaseResult, len(qs))
	for i, q := range qs {
		res[i].Answer = catalog.LeaseAnswer{Host: "for " + q.MAC}
	}
	return res, nil
}

func newGroup(f *fakeBatches, max int) *groupCommit {
	return &groupCommit{commit: f.commit, max: max, maxQueue: 1000, now: time.Now}
}

// call enqueues a query for mac and returns a channel with its result.
func call(g *groupCommit, mac string, deadline time.Time) <-chan catalog.LeaseResult {
	ch := make(chan catalog.LeaseResult, 1)
	g.enqueue(context.Background(), catalog.LeaseQuery{MAC: mac}, deadline, func(r catalog.LeaseResult) { ch <- r })
	return ch
}

func TestGroupCommitBatchesWaitingCallers(t *testing.T) {
	f := &fakeBatches{hold: make(chan struct{}), started: make(chan struct{})}
	g := newGroup(f, 8)
	first := call(g, "m0", time.Time{})
	<-f.started // m0 is being committed; everyone else queues behind it
	var waits []<-chan catalog.LeaseResult
	for i := 1; i <= 20; i++ {
		waits = append(waits, call(g, fmt.Sprintf("m%d", i), time.Time{}))
	}
	close(f.hold)
	if r := <-first; r.Err != nil || r.Answer.Host != "for m0" {
		t.Errorf("m0: %+v", r)
	}
	for i, w := range waits {
		if r := <-w; r.Err != nil || r.Answer.Host != fmt.Sprintf("for m%d", i+1) {
			t.Errorf("m%d got %+v, want its own answer", i+1, r)
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	want := [][]int{{1}, {8}, {8}, {4}} // batch sizes: the lone first, then the queue in slices of max
	if len(f.batches) != len(want) {
		t.Fatalf("batches %v, want sizes %v", f.batches, want)
	}
	for i, b := range f.batches {
		if len(b) != want[i][0] {
			t.Errorf("batch %d has %d queries, want %d", i, len(b), want[i][0])
		}
	}
}

func TestGroupCommitFailureFailsEveryCaller(t *testing.T) {
	boom := errors.New("disk on fire")
	f := &fakeBatches{hold: make(chan struct{}), started: make(chan struct{}), fail: boom}
	g := newGroup(f, 64)
	var waits []<-chan catalog.LeaseResult
	waits = append(waits, call(g, "m0", time.Time{}))
	<-f.started
	for i := 1; i < 10; i++ {
		waits = append(waits, call(g, fmt.Sprintf("m%d", i), time.Time{}))
	}
	close(f.hold)
	for i, w := range waits {
		if r := <-w; !errors.Is(r.Err, boom) || r.Answer != (catalog.LeaseAnswer{}) {
			t.Errorf("m%d: %+v, want the batch's error and no answer", i, r)
		}
	}
}

func TestGroupCommitDropsStaleAndRefusesOverload(t *testing.T) {
	f := &fakeBatches{hold: make(chan struct{}), started: make(chan struct{})}
	clock := &fakeClock{now: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)}
	g := &groupCommit{commit: f.commit, max: 64, maxQueue: 2, now: clock.Now}
	deadline := clock.Now().Add(time.Second)
	first := call(g, "m0", deadline)
	<-f.started
	stale := call(g, "m1", deadline)
	fresh := call(g, "m2", deadline.Add(time.Hour))
	if r := <-call(g, "m3", deadline); !errors.Is(r.Err, dhcp.ErrOverload) {
		t.Errorf("beyond the queue bound: %+v, want dhcp.ErrOverload", r)
	}
	clock.advance(2 * time.Second) // m1 waited past its deadline
	close(f.hold)
	if r := <-first; r.Err != nil {
		t.Errorf("m0: %v", r.Err)
	}
	if r := <-stale; !errors.Is(r.Err, dhcp.ErrStale) {
		t.Errorf("m1: %+v, want dhcp.ErrStale", r)
	}
	if r := <-fresh; r.Err != nil {
		t.Errorf("m2: %v", r.Err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if fmt.Sprint(f.batches) != "[[m0] [m2]]" {
		t.Errorf("committed %v, want [[m0] [m2]]: a stale request is not committed", f.batches)
	}
}
