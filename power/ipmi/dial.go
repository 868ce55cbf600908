package ipmi

import (
	"context"

	"github.com/bougou/go-ipmi/pkg/client"
	"github.com/bougou/go-ipmi/pkg/types"

	"github.com/ironbase/ironbase/power"
)

// dial opens a new session with the given cipher suite (ignored for lan).
func (d *Driver) dial(ctx context.Context, suite int) (*client.Client, error) {
	creds := d.cfg.Credentials
	c, err := client.NewClient(d.host, d.port, creds.User, creds.Password)
	if err != nil {
		return nil, classify(err)
	}
	c.WithTimeout(d.cfg.Timeout).WithRetry(d.cfg.Resends).WithUDPProxy(newSocketDialer(d.host, d.port))
	if creds.Interface == power.Lan {
		c.WithInterface(client.InterfaceLan)
	} else {
		c.WithCipherSuiteID(types.CipherSuiteID(suite))
	}
	if err := c.Connect(ctx); err != nil {
		discard(c)
		return nil, classifyConnect(creds.Interface, err)
	}
	return c, nil
}

// drop forgets the current session without waiting for the BMC.
func (d *Driver) drop() {
	if d.c != nil {
		discard(d.c)
		d.c = nil
	}
}

// discard closes c exactly once without a Close Session exchange: the
// context is already done, so go-ipmi only releases the socket.
func discard(c *client.Client) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_ = closeClient(ctx, c)
}
