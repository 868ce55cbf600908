package testsuite

import (
	"context"
	"fmt"
	"net"
	"strconv"
)

// Reachable checks that a TCP connection to Address ("host:port") opens
// within the check's timeout. A failure is classed infra.
type Reachable struct {
	Address string `json:"address"`
}

func (r *Reachable) prepare() (probe, error) {
	host, port, err := net.SplitHostPort(r.Address)
	if err != nil {
		return probe{}, fmt.Errorf("address %q: %w", r.Address, err)
	}
	if n, err := strconv.Atoi(port); host == "" || err != nil || n < 1 || n > 65535 {
		return probe{}, fmt.Errorf("address %q: want host:port with a port 1-65535", r.Address)
	}
	return probe{expected: r.Address + " reachable", run: func(ctx context.Context, env *Env) outcome {
		conn, err := env.Dialer.DialContext(ctx, "tcp", r.Address)
		if err != nil {
			if ctx.Err() != nil {
				return failed(ClassInfra, "unreachable", "%s unreachable: %v", r.Address, cause(ctx))
			}
			return failed(ClassInfra, "unreachable", "%s unreachable: %v", r.Address, err)
		}
		conn.Close()
		return passed("reachable")
	}}, nil
}
