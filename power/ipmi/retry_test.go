package ipmi

import (
	"context"
	"errors"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/ironbase/ironbase/power"
)

// recClock is an instant clock that records every wait.
type recClock struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (c *recClock) Now() time.Time { return time.Unix(0, 0) }

func (c *recClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	c.waits = append(c.waits, d)
	c.mu.Unlock()
	ch := make(chan time.Time, 1)
	ch <- time.Unix(0, 0)
	return ch
}

func TestRetryBackoffSilentBMC(t *testing.T) {
	silent, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	clk := &recClock{}
	d := newDriver(t, silent.LocalAddr().String(), func(c *Config) {
		c.Timeout, c.Resends, c.Attempts = 30*time.Millisecond, -1, 3
		c.Backoff, c.MaxBackoff, c.Clock = 100*time.Millisecond, 150*time.Millisecond, clk
		c.Jitter = func() float64 { return 0.5 } // factor 1.0
	})
	_, err = d.PowerState(context.Background())
	if !errors.Is(err, power.ErrUnreachable) {
		t.Fatalf("got %v, want ErrUnreachable", err)
	}
	want := []time.Duration{100 * time.Millisecond, 150 * time.Millisecond}
	if len(clk.waits) != len(want) || clk.waits[0] != want[0] || clk.waits[1] != want[1] {
		t.Errorf("backoff waits %v, want %v (3 attempts, capped)", clk.waits, want)
	}
}

func TestBackoffJitterBounds(t *testing.T) {
	for _, j := range []float64{0, 0.999} {
		c := Config{Jitter: func() float64 { return j }}
		c.setDefaults()
		got := c.backoff(1)
		if got < c.Backoff/2 || got > c.Backoff*3/2 {
			t.Errorf("jitter %v: backoff %s outside ±50%% of %s", j, got, c.Backoff)
		}
	}
}

func TestCloseTwice(t *testing.T) {
	d := newDriver(t, "127.0.0.1:9", nil)
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Errorf("second Close: %v, want nil", err)
	}
	if _, err := d.PowerState(context.Background()); !errors.Is(err, power.ErrClosed) {
		t.Errorf("call after Close: %v, want ErrClosed", err)
	}
}
