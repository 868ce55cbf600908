package web

import (
	"time"

	"github.com/ironbase/ironbase/catalog"
)

// The JSON shapes of /api/v1, shared with the CLI.

// ErrorBody is every error reply: {"error": {"kind": "...", "message": "..."}}.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail names the domain error kind and says what went wrong.
type ErrorDetail struct {
	Kind    string `json:"kind"`
	Message string `json:"message"`
}

// PoolRequest creates a pool. Zero fields take the catalog's defaults.
type PoolRequest struct {
	Name             string `json:"name"`
	CanariesPerClass int    `json:"canaries_per_class,omitempty"`
	MaxUnavailable   int    `json:"max_unavailable,omitempty"`
	Heartbeat        string `json:"heartbeat,omitempty"` // Go duration, e.g. "30s"
	MaxLease         string `json:"max_lease,omitempty"` // Go duration, e.g. "24h"
}

// PoolList is GET /api/v1/pools.
type PoolList struct {
	Pools []catalog.Pool `json:"pools"`
}

// HostRequest enrols a host. BMC is optional; when given, its password
// travels here once and is stored sealed.
type HostRequest struct {
	Name     string            `json:"name"`
	MACs     []string          `json:"macs"`
	Pool     string            `json:"pool,omitempty"`
	Arch     string            `json:"arch,omitempty"`
	Firmware string            `json:"firmware,omitempty"`
	Tags     map[string]string `json:"tags,omitempty"`
	BMC      *BMCRequest       `json:"bmc,omitempty"`
}

// BMCRequest is a BMC endpoint with its password in clear, for enrolment.
type BMCRequest struct {
	Address     string `json:"address"`
	Username    string `json:"username"`
	Password    string `json:"password"`
	Interface   string `json:"interface,omitempty"`
	CipherSuite int    `json:"cipher_suite,omitempty"`
}

// HostList is GET /api/v1/hosts.
type HostList struct {
	Hosts []catalog.Host `json:"hosts"`
}

// MaintenanceRequest puts a host into maintenance (On) or takes it out,
// which sends it back through provisioning and verification.
type MaintenanceRequest struct {
	On     bool   `json:"on"`
	Reason string `json:"reason,omitempty"`
}

// ReasonRequest carries an optional reason for retire and accept.
type ReasonRequest struct {
	Reason string `json:"reason,omitempty"`
}

// EventList is GET /api/v1/events. Next is the id to resume from.
type EventList struct {
	Events []catalog.Event `json:"events"`
	Next   int64           `json:"next"`
}

// TokenRequest creates an API token.
type TokenRequest struct {
	Name string `json:"name"`
	Role string `json:"role"`
}

// TokenCreated carries a new token's secret, shown this once.
type TokenCreated struct {
	Token  catalog.Token `json:"token"`
	Secret string        `json:"secret"`
}

// TokenList is GET /api/v1/tokens.
type TokenList struct {
	Tokens []catalog.Token `json:"tokens"`
}

// Health is GET /healthz.
type Health struct {
	Status string    `json:"status"`
	Time   time.Time `json:"time"`
	Schema int       `json:"schema"`
}
