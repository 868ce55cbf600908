package provision

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/power"
)

// simPower is the fleet's power side in the simulated lab: it switches the
// simulated hosts and checks invariant 2 on every command it receives.
type simPower struct {
	s          *batch
	mu         sync.Mutex
	violations []string
}

var _ powerer = (*simPower)(nil)

func (p *simPower) host(name string) (*simHost, error) {
	h := p.s.hosts[name]
	if h.bmcDown {
		return nil, &catalog.Error{Kind: catalog.KindUnavailable, Msg: "BMC of host " + name, Err: power.ErrUnreachable}
	}
	return h, nil
}

func (p *simPower) Boot(ctx context.Context, host string, _ power.BootSpec, reason string) error {
	h, err := p.host(host)
	if err != nil {
		return err
	}
	p.check(ctx, host, reason)
	h.powerOn(p.s.clock.Now())
	return nil
}

func (p *simPower) Do(ctx context.Context, host string, r power.Request) error {
	h, err := p.host(host)
	if err != nil {
		return err
	}
	p.check(ctx, host, r.Reason)
	if r.Action.Boots() {
		h.powerOn(p.s.clock.Now())
	}
	return nil
}

func (p *simPower) State(_ context.Context, host string) (power.PowerState, error) {
	h, err := p.host(host)
	if err != nil {
		return power.StateUnknown, err
	}
	if h.stage == stOff {
		return power.StateOff, nil
	}
	return power.StateOn, nil
}

// check records a power command to a reserved or maintenance host: the
// controller must never send one (DESIGN.md invariant 2).
func (p *simPower) check(ctx context.Context, host, reason string) {
	st, err := p.s.store.Host(ctx, host)
	if err != nil {
		return
	}
	if st.State == catalog.HostReserved || st.State == catalog.HostMaintenance {
		p.mu.Lock()
		p.violations = append(p.violations, fmt.Sprintf("invariant 2: power command (%s) to %s host %s", reason, st.State, host))
		p.mu.Unlock()
	}
}

// fakeClock is a clock that only moves when the test moves it.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(time.Duration) <-chan time.Time { return nil }

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}
