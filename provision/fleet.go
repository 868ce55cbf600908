package provision

import (
	"context"
	"log/slog"
	"sync"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/power"
	"github.com/ironbase/ironbase/power/ipmi"
)

// credStore is the part of the catalog the power fleet reads and writes.
type credStore interface {
	BMCCredentials(ctx context.Context, host string) (catalog.BMCCredentials, error)
	AppendEvent(ctx context.Context, e catalog.Event) (int64, error)
}

// Fleet owns one power.BMC (and one IPMI session) per host, created on first
// use from the catalog's sealed credentials, and shares one global limit
// across all of them so a fleet-wide sweep cannot flood the BMCs.
type Fleet struct {
	store   credStore
	log     *slog.Logger
	limiter *power.Limiter
	mu      sync.Mutex
	bmcs    map[string]fleetEntry
}

type fleetEntry struct {
	bmc    *power.BMC
	driver *ipmi.Driver
	key    string // address and user the driver was made for
}

// NewFleet makes a fleet; limit is the global number of BMC calls in flight
// (≤ 0: the power package default).
func NewFleet(store credStore, limit int, log *slog.Logger) *Fleet {
	return &Fleet{store: store, log: log, limiter: power.NewLimiter(limit), bmcs: map[string]fleetEntry{}}
}

// BMC returns the host's BMC, making its driver on first use.
func (f *Fleet) BMC(ctx context.Context, host string) (*power.BMC, error) {
	creds, err := f.store.BMCCredentials(ctx, host)
	if err != nil {
		return nil, err
	}
	key := creds.Address + "\x00" + creds.Username + "\x00" + creds.Interface
	f.mu.Lock()
	defer f.mu.Unlock()
	if e, ok := f.bmcs[host]; ok && e.key == key {
		return e.bmc, nil
	} else if ok {
		e.driver.Close()
	}
	d, err := ipmi.New(ipmi.Config{Credentials: toPowerCreds(creds), Logger: f.log})
	if err != nil {
		return nil, &catalog.Error{Kind: catalog.KindInvalid, Msg: "BMC of host " + host, Err: err}
	}
	b := power.NewBMC(host, d, power.BMCConfig{Logger: f.log, Limiter: f.limiter, Sink: &powerEvents{store: f.store, log: f.log}})
	f.bmcs[host] = fleetEntry{bmc: b, driver: d, key: key}
	return b, nil
}

// Close ends every BMC session.
func (f *Fleet) Close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for h, e := range f.bmcs {
		e.driver.Close()
		delete(f.bmcs, h)
	}
}

func toPowerCreds(c catalog.BMCCredentials) power.Credentials {
	iface := power.Lanplus
	if c.Interface == "lan" {
		iface = power.Lan
	}
	suite := c.CipherSuite
	if suite < 0 {
		suite = 0 // power: 0 negotiates (17, then 3)
	}
	return power.Credentials{Address: c.Address, User: c.Username, Password: c.Password.Reveal(),
		Interface: iface, CipherSuite: suite}
}
