package testsuite

import (
	"context"
	"errors"
	"fmt"
	"net"
)

// fakeDialer connects to addresses listed in up; others are refused.
type fakeDialer struct {
	up map[string]bool
}

func (d fakeDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	if d.up[addr] {
		c1, c2 := net.Pipe()
		c2.Close()
		return c1, nil
	}
	return nil, fmt.Errorf("dial %s %s: connection refused", network, addr)
}

// blockingDialer waits for its context, like a dial to a black hole.
type blockingDialer struct{}

func (blockingDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// fakeCommander answers by argv[0]: "ok" prints and exits 0, "fail" exits
// 3, "hang" waits for its context, "missing" cannot start, "panic" panics.
type fakeCommander struct{}

func (fakeCommander) Run(ctx context.Context, argv []string) (CommandOutput, error) {
	switch argv[0] {
	case "ok":
		return CommandOutput{Output: []byte("GPU 0: NVIDIA A100\n")}, nil
	case "fail":
		return CommandOutput{ExitCode: 3, Output: []byte("starting\nno devices found\n")}, nil
	case "hang":
		<-ctx.Done()
		return CommandOutput{ExitCode: -1}, ctx.Err()
	case "panic":
		panic("boom")
	}
	return CommandOutput{}, fmt.Errorf("%w: exec: %q: %w", ErrNotStarted, argv[0], errors.New("not found"))
}
