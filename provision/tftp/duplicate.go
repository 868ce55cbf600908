package tftp

import "sync"

// flights tracks the read transfers in progress by client address and
// port and filename, so that a retransmitted request does not start a
// second transfer to the same client port. Under load a client resends
// its RRQ before the first answer arrives; answering both sends it two
// OACKs from two ports, and clients that accept the second one (curl,
// among others) start over at block 1 and stall both transfers.
type flights struct {
	mu      sync.Mutex
	m       map[string]*flight
	waiting int // requests blocked in begin, for tests
}

// flight is one transfer in progress.
type flight struct {
	done chan struct{}
	ok   bool // the transfer completed; set before done is closed
}

// begin registers a transfer under key and returns it with true. If a
// transfer with the same key is in progress, begin waits for it to end:
// after a success this request was a stale duplicate and begin returns
// false; after a failure (a tsize probe the client aborted with an ERROR,
// a timeout) the client may well be asking again, so begin takes over.
func (fs *flights) begin(key string) (*flight, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for {
		old, busy := fs.m[key]
		if !busy {
			if fs.m == nil {
				fs.m = map[string]*flight{}
			}
			f := &flight{done: make(chan struct{})}
			fs.m[key] = f
			return f, true
		}
		fs.waiting++
		fs.mu.Unlock()
		<-old.done
		fs.mu.Lock()
		fs.waiting--
		if old.ok {
			return nil, false
		}
	}
}

// end records how the transfer f, registered under key, ended and wakes
// the requests waiting for it.
func (fs *flights) end(key string, f *flight, ok bool) {
	fs.mu.Lock()
	delete(fs.m, key)
	fs.mu.Unlock()
	f.ok = ok
	close(f.done)
}

// waiters returns how many requests wait for a transfer in progress.
func (fs *flights) waiters() int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.waiting
}
