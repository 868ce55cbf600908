package tftp

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// DefaultDir is where Debian's ipxe package installs the iPXE binaries.
const DefaultDir = "/usr/lib/ipxe"

// Config configures a Server. The zero value serves DefaultDir with the
// defaults below, logs nothing and registers no metrics.
type Config struct {
	// Dir is the only directory whose files are served. Default DefaultDir.
	Dir string

	// Logger receives refusals (Warn), transfer outcomes (Info, Debug) and
	// failures (Warn). Default: a logger that discards everything.
	Logger *slog.Logger

	// Registerer receives the server's metrics. Nil leaves them
	// unregistered; the global registry is never used implicitly.
	Registerer prometheus.Registerer

	// Timeout is how long the server waits for each acknowledgement before
	// it sends the block again. Default 2s.
	Timeout time.Duration

	// Retries is how often a block is sent before the transfer fails.
	// Default 5.
	Retries int

	// MaxBlockSize caps the negotiated blksize. 0 means no cap beyond the
	// interface MTU minus 28. Otherwise it must be in 513..65464: the
	// library cannot cap at 512.
	MaxBlockSize int
}

func (c *Config) setDefaults() {
	if c.Dir == "" {
		c.Dir = DefaultDir
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Timeout == 0 {
		c.Timeout = 2 * time.Second
	}
	if c.Retries == 0 {
		c.Retries = 5
	}
}

func (c *Config) validate() error {
	if c.Timeout < 0 {
		return fmt.Errorf("tftp: negative Timeout %v", c.Timeout)
	}
	if c.Retries < 0 {
		return fmt.Errorf("tftp: negative Retries %d", c.Retries)
	}
	if c.MaxBlockSize != 0 && (c.MaxBlockSize < 513 || c.MaxBlockSize > 65464) {
		return fmt.Errorf("tftp: MaxBlockSize %d not 0 or in 513..65464", c.MaxBlockSize)
	}
	return nil
}
