package tftp

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

func TestNewDefaults(t *testing.T) {
	s, err := New(Config{})
	if err != nil {
		t.Fatalf("New(Config{}): %v", err)
	}
	if s.cfg.Dir != DefaultDir || s.cfg.Timeout != 2*time.Second || s.cfg.Retries != 5 || s.cfg.Logger == nil {
		t.Errorf("defaults: got %+v", s.cfg)
	}
}

func TestNewInvalid(t *testing.T) {
	for _, cfg := range []Config{
		{MaxBlockSize: 512},
		{MaxBlockSize: 65465},
		{Timeout: -time.Second},
		{Retries: -1},
	} {
		if _, err := New(cfg); err == nil {
			t.Errorf("New(%+v): got nil error", cfg)
		}
	}
}

func TestNewRegistersOnce(t *testing.T) {
	reg := prometheus.NewRegistry()
	if _, err := New(Config{Registerer: reg}); err != nil {
		t.Fatalf("first New: %v", err)
	}
	if _, err := New(Config{Registerer: reg}); err == nil {
		t.Error("second New on the same registry: got nil error, want a registration error")
	}
}
