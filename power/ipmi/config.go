package ipmi

import (
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/ironbase/ironbase/power"
)

// Config holds a Driver's settings. Only Credentials is required.
type Config struct {
	Credentials power.Credentials
	// Timeout bounds one UDP exchange. Default 1s.
	Timeout time.Duration
	// Resends is how often go-ipmi resends a datagram inside one exchange
	// before giving up. 0 means the default (1); negative means none.
	Resends int
	// Attempts is how many times a call is tried, re-establishing the
	// session between tries. Default 3.
	Attempts int
	// Backoff is the pause after the first failed attempt; it doubles up
	// to MaxBackoff, with ±50% jitter. Defaults 250ms and 4s.
	Backoff    time.Duration
	MaxBackoff time.Duration
	// AuthHoldoff: after the BMC rejects the credentials, calls fail at
	// once, without traffic, for this long. Default 1m.
	AuthHoldoff time.Duration
	Logger      *slog.Logger   // nil: discard
	Clock       power.Clock    // nil: real clock
	Jitter      func() float64 // uniform in [0,1); nil: math/rand/v2
}

func (c *Config) setDefaults() {
	setDuration(&c.Timeout, time.Second)
	setDuration(&c.Backoff, 250*time.Millisecond)
	setDuration(&c.MaxBackoff, 4*time.Second)
	setDuration(&c.AuthHoldoff, time.Minute)
	if c.Resends == 0 {
		c.Resends = 1
	}
	c.Resends = max(c.Resends, 0)
	if c.Attempts <= 0 {
		c.Attempts = 3
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Clock == nil {
		c.Clock = power.RealClock()
	}
	if c.Jitter == nil {
		c.Jitter = rand.Float64
	}
}

func setDuration(d *time.Duration, def time.Duration) {
	if *d <= 0 {
		*d = def
	}
}

// backoff returns the pause after the given failed attempt (1-based).
func (c *Config) backoff(attempt int) time.Duration {
	d := c.Backoff
	for i := 1; i < attempt && d < c.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, c.MaxBackoff)
	return time.Duration(float64(d) * (0.5 + c.Jitter()))
}
