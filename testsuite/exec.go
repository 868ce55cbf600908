package testsuite

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"sync"
)

// ErrNotStarted wraps the error of a command that could not be started
// (such as a program that is not installed).
var ErrNotStarted = errors.New("command not started")

// MaxCommandOutput bounds the output kept from a command.
const MaxCommandOutput = 64 << 10

// ExecCommander runs commands on the live system with os/exec. A command
// runs in its own process group, killed whole when its context is done;
// its pipes are abandoned soon after if something still holds them.
type ExecCommander struct{}

// Run implements Commander.
func (ExecCommander) Run(ctx context.Context, argv []string) (CommandOutput, error) {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.WaitDelay = probeGrace / 2
	killGroupOnCancel(cmd)
	var buf capped
	cmd.Stdout, cmd.Stderr = &buf, &buf
	if err := cmd.Start(); err != nil {
		return CommandOutput{}, fmt.Errorf("%w: %w", ErrNotStarted, err)
	}
	err := cmd.Wait()
	out := CommandOutput{ExitCode: cmd.ProcessState.ExitCode(), Output: buf.bytes()}
	if ctx.Err() != nil {
		return out, fmt.Errorf("%s: %w", argv[0], ctx.Err())
	}
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return out, fmt.Errorf("%s: %w", argv[0], err)
	}
	return out, nil
}

// capped keeps the first MaxCommandOutput bytes written to it.
type capped struct {
	mu  sync.Mutex
	buf []byte
}

func (c *capped) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if room := MaxCommandOutput - len(c.buf); room > 0 {
		c.buf = append(c.buf, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

func (c *capped) bytes() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf
}
