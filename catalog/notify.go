package catalog

import (
	"context"
	"sync"
)

// notifier wakes waiters when the newest event id moves. Waiters take the
// current channel; set closes it and installs a fresh one.
type notifier struct {
	mu   sync.Mutex
	last int64
	ch   chan struct{}
}

func newNotifier(last int64) *notifier {
	return &notifier{last: last, ch: make(chan struct{})}
}

func (n *notifier) set(last int64) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if last <= n.last {
		return
	}
	n.last = last
	close(n.ch)
	n.ch = make(chan struct{})
}

func (n *notifier) snapshot() (int64, <-chan struct{}) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.last, n.ch
}

// WaitEvents blocks until an event with id > since exists or ctx ends. It
// returns the newest event id it saw. A ctx deadline is not an error: the
// caller lists what is there (possibly nothing) and polls again.
func (s *Store) WaitEvents(ctx context.Context, since int64) int64 {
	for {
		last, ch := s.events.snapshot()
		if last > since {
			return last
		}
		select {
		case <-ctx.Done():
			return last
		case <-ch:
		}
	}
}

// LastEventID is the newest committed event id, without a query.
func (s *Store) LastEventID() int64 {
	last, _ := s.events.snapshot()
	return last
}
