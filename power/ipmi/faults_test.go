package ipmi

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/ironbase/ironbase/power"
)

func TestSimLossySlowLink(t *testing.T) {
	s := startSim(t)
	// Drop every 4th datagram from the client, delay all by 30 ms.
	p := startProxy(t, s.addr(), func(n int64) bool { return n%4 == 0 }, 30*time.Millisecond)
	d := newDriver(t, p.addr(), func(c *Config) { c.Credentials.CipherSuite = 3 })
	for i := range 15 {
		if _, err := d.PowerState(context.Background()); err != nil {
			t.Fatalf("read %d over a lossy link: %v", i, err)
		}
	}
}

func TestSimWrongPassword(t *testing.T) {
	s := startSim(t)
	p := startProxy(t, s.addr(), never, 0)
	d := newDriver(t, p.addr(), func(c *Config) { c.Credentials.Password = "wrong" })
	_, err := d.PowerState(context.Background())
	if !errors.Is(err, power.ErrAuth) {
		t.Fatalf("got %v, want ErrAuth", err)
	}
	sent := p.fromCli.Load()
	if sent > 8 {
		t.Errorf("%d datagrams for one rejected login; want a handful (no retry storm)", sent)
	}
	for range 5 {
		if _, err := d.PowerState(context.Background()); !errors.Is(err, power.ErrAuth) {
			t.Fatalf("later call: %v, want ErrAuth", err)
		}
	}
	if more := p.fromCli.Load() - sent; more != 0 {
		t.Errorf("%d datagrams sent during the auth hold-off, want 0", more)
	}
}

func TestSimFiftyConcurrentCallers(t *testing.T) {
	s := startSim(t)
	d := newDriver(t, s.addr(), nil)
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for i := range 50 {
		wg.Go(func() {
			var err error
			switch i % 3 {
			case 0:
				_, err = d.PowerState(context.Background())
			case 1:
				err = d.SetBootDevice(context.Background(), power.BootSpec{Device: power.BootPXE})
			default:
				_, err = d.BootDevice(context.Background())
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent caller: %v", err)
		}
	}
}
