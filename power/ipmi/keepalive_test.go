package ipmi

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bougou/go-ipmi/pkg/client"

	"github.com/ironbase/ironbase/power"
)

// TestSimKeepaliveDuringDrop: go-ipmi's own session keepalive fires while
// the BMC has stopped answering, and the Driver drops the session under it.
// Before the Driver owned the socket (socket.go), this crashed the process
// with a nil dereference in go-ipmi's UDPClient: with these 32 sessions, in
// 3 runs of 4. Every Driver must also recover when the BMC answers again.
func TestSimKeepaliveDuringDrop(t *testing.T) {
	s := startSim(t)
	keepalive := time.Duration(client.DefaultKeepAliveIntervalSec) * time.Second
	const n = 32
	var wg sync.WaitGroup
	for i := range n {
		var silent atomic.Bool
		p := startProxy(t, s.addr(), func(int64) bool { return silent.Load() }, 0)
		d := newDriver(t, p.addr(), func(c *Config) {
			c.Timeout, c.Attempts = time.Second, 1
			c.Credentials.CipherSuite = 3
		})
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			if _, err := d.PowerState(ctx); err != nil {
				t.Errorf("driver %d, first call: %v", i, err)
				return
			}
			t0 := time.Now()
			// The silent call's exchanges (1 s each, with one resend) span
			// the keepalive's tick: from 1 s before it to 1 s after.
			time.Sleep(keepalive - time.Second + time.Duration(i)*time.Second/n*2 - time.Since(t0))
			silent.Store(true)
			if _, err := d.PowerState(ctx); !errors.Is(err, power.ErrUnreachable) {
				t.Errorf("driver %d, BMC silent: %v, want ErrUnreachable", i, err)
			}
			time.Sleep(keepalive + 4*time.Second - time.Since(t0)) // the keepalive's resends end
			silent.Store(false)
			if _, err := d.PowerState(ctx); err != nil {
				t.Errorf("driver %d, BMC answering again: %v", i, err)
			}
			if err := d.Close(); err != nil {
				t.Errorf("driver %d, Close: %v", i, err)
			}
		}()
	}
	wg.Wait()
}
