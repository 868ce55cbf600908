package ipmi

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"time"

	"github.com/bougou/go-ipmi/pkg/client"

	"github.com/ironbase/ironbase/power"
)

// Driver is the IPMI driver for one BMC. It satisfies power.Driver,
// power.BootReader and power.BMCResetter. Close it when done.
type Driver struct {
	cfg  Config
	host string
	port int
	log  *slog.Logger
	sem  chan struct{} // one call at a time; guards the fields below

	c       *client.Client // current session, nil if none
	suite   int            // cipher suite that worked, 0 if not known yet
	authErr error          // last auth failure, for AuthHoldoff
	authAt  time.Time
	closed  bool
}

var (
	_ power.Driver      = (*Driver)(nil)
	_ power.BootReader  = (*Driver)(nil)
	_ power.BMCResetter = (*Driver)(nil)
)

// New returns a Driver. It does not contact the BMC: the session is opened
// by the first call.
func New(cfg Config) (*Driver, error) {
	cfg.setDefaults()
	host, port, err := splitAddress(cfg.Credentials.Address)
	if err != nil {
		return nil, err
	}
	switch cfg.Credentials.Interface {
	case "":
		cfg.Credentials.Interface = power.Lanplus
	case power.Lan, power.Lanplus:
	default:
		return nil, fmt.Errorf("interface %q: %w", cfg.Credentials.Interface, power.ErrInvalid)
	}
	d := &Driver{cfg: cfg, host: host, port: port, sem: make(chan struct{}, 1)}
	d.log = cfg.Logger.With("bmc", cfg.Credentials.Address)
	return d, nil
}

func splitAddress(addr string) (string, int, error) {
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		return addr, 623, nil
	}
	port, err := strconv.Atoi(p)
	if err != nil || port <= 0 || port > 65535 {
		return "", 0, fmt.Errorf("BMC address %q: bad port: %w", addr, power.ErrInvalid)
	}
	return host, port, nil
}

// CipherSuite returns the cipher suite that worked last, 0 if none yet.
func (d *Driver) CipherSuite() int {
	d.sem <- struct{}{}
	defer func() { <-d.sem }()
	return d.suite
}

// Close ends the session and releases the socket. It waits for a call in
// flight. Calling it again is harmless and returns nil.
func (d *Driver) Close() error {
	d.sem <- struct{}{}
	defer func() { <-d.sem }()
	if d.closed {
		return nil
	}
	d.closed = true
	if d.c == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), d.cfg.Timeout)
	defer cancel()
	err := closeClient(ctx, d.c)
	d.c = nil
	return err
}
