package dhcp

import (
	"sync"
	"time"
)

// pool runs blocking backend calls (a synchronous Backend's Lease, every
// Release) on cfg.Workers goroutines, with at most cfg.QueueSize waiting,
// so that a slow backend never stalls the read loop. A call that waited
// past its deadline is not made: its client has given up on it or asked
// again, and making it would only delay the fresh ones queued behind it.
type pool struct {
	now   func() time.Time
	tasks chan task
	wg    sync.WaitGroup
}

// task is one blocking call; run gets ErrStale instead of running when it
// waited past its deadline, so that its caller still answers (silence).
type task struct {
	deadline time.Time
	run      func(error)
}

func newPool(workers, queue int, now func() time.Time) *pool {
	p := &pool{now: now, tasks: make(chan task, queue)}
	for range workers {
		p.wg.Go(p.work)
	}
	return p
}

// submit queues run, or reports false when the queue is full.
func (p *pool) submit(deadline time.Time, run func(error)) bool {
	select {
	case p.tasks <- task{deadline: deadline, run: run}:
		return true
	default:
		return false
	}
}

func (p *pool) work() {
	for t := range p.tasks {
		if p.now().After(t.deadline) {
			t.run(ErrStale)
			continue
		}
		t.run(nil)
	}
}

// close runs what is queued and waits for the workers.
func (p *pool) close() {
	close(p.tasks)
	p.wg.Wait()
}
