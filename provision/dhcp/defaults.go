package dhcp

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// setDefaults fills zero fields of c.
func (c *Config) setDefaults() {
	if !c.TFTPAddr.IsValid() {
		c.TFTPAddr = c.ServerIP
	}
	if c.AdvertiseURL == "" && c.ServerIP.IsValid() {
		c.AdvertiseURL = "http://" + c.ServerIP.String()
	}
	c.AdvertiseURL = strings.TrimRight(c.AdvertiseURL, "/")
	c.LeaseTime = orDefault(c.LeaseTime, DefaultLeaseTime)
	c.BIOSBootFile = orDefault(c.BIOSBootFile, DefaultBIOSBootFile)
	c.UEFIBootFile = orDefault(c.UEFIBootFile, DefaultUEFIBootFile)
	c.ARM64BootFile = orDefault(c.ARM64BootFile, DefaultARM64BootFile)
	c.Workers = orDefault(c.Workers, DefaultWorkers)
	c.QueueSize = orDefault(c.QueueSize, DefaultQueueSize)
	c.StaleAfter = orDefault(c.StaleAfter, DefaultStaleAfter)
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Registerer == nil {
		c.Registerer = prometheus.NewRegistry()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Observer == nil {
		c.Observer = nopObserver{}
	}
}

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// validate reports what is missing or inconsistent in c.
func (c *Config) validate() error {
	var errs []error
	if c.Mode != ModeFull && c.Mode != ModeProxy {
		errs = append(errs, fmt.Errorf("mode %v: want full or proxy", c.Mode))
	}
	if !c.ServerIP.Is4() {
		errs = append(errs, errors.New("server IP: an IPv4 address is required"))
	}
	if c.Mode == ModeFull {
		errs = append(errs, c.validateFull()...)
	}
	if c.Workers < 1 || c.QueueSize < 1 || c.StaleAfter <= 0 {
		errs = append(errs, errors.New("workers, queue size and stale-after must be positive"))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("dhcp config: %w", err)
	}
	return nil
}

func (c *Config) validateFull() []error {
	var errs []error
	if !c.Subnet.IsValid() || !c.Subnet.Addr().Is4() {
		errs = append(errs, errors.New("full mode: an IPv4 subnet is required"))
	} else if c.ServerIP.Is4() && !c.Subnet.Contains(c.ServerIP) {
		errs = append(errs, fmt.Errorf("server IP %v is outside subnet %v", c.ServerIP, c.Subnet))
	}
	if c.Backend == nil {
		errs = append(errs, errors.New("full mode: a backend is required"))
	}
	return errs
}
