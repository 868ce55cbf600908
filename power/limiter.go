package power

import "context"

// Limiter bounds how many BMC calls are in flight across a whole fleet, so a
// sweep over hundreds of hosts cannot flood the management network. Share one
// Limiter between all BMCs. A nil *Limiter does not limit.
type Limiter struct {
	slots chan struct{}
}

// DefaultGlobalLimit is the limit NewLimiter uses for n <= 0.
const DefaultGlobalLimit = 16

// NewLimiter allows n concurrent BMC calls.
func NewLimiter(n int) *Limiter {
	if n <= 0 {
		n = DefaultGlobalLimit
	}
	return &Limiter{slots: make(chan struct{}, n)}
}

// acquire takes a slot or returns ctx's error.
func (l *Limiter) acquire(ctx context.Context) error {
	if l == nil {
		return nil
	}
	select {
	case l.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (l *Limiter) release() {
	if l != nil {
		<-l.slots
	}
}
