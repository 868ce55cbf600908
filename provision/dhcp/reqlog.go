package dhcp

import (
	"context"
	"log/slog"

	"github.com/insomniacslk/dhcp/dhcpv4"
)

const (
	levelDebug = slog.LevelDebug
	levelInfo  = slog.LevelInfo
)

// reqLogger is a request's logger, made (with its mac and xid attributes)
// only when something is actually logged: most packets log nothing, and
// building a logger per packet is a good share of the cost of answering.
type reqLogger struct {
	base *slog.Logger
	req  *dhcpv4.DHCPv4
}

func (l reqLogger) get() *slog.Logger {
	return l.base.With("mac", l.req.ClientHWAddr.String(), "xid", l.req.TransactionID.String())
}

func (l reqLogger) enabled(ctx context.Context, level slog.Level) bool {
	return l.base.Enabled(ctx, level)
}

func (l reqLogger) Warn(msg string, args ...any)  { l.get().Warn(msg, args...) }
func (l reqLogger) Error(msg string, args ...any) { l.get().Error(msg, args...) }
