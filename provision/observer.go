package provision

import (
	"context"
	"log/slog"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/provision/dhcp"
)

// eventAppender is the part of the catalog the observer writes to.
type eventAppender interface {
	AppendEvent(ctx context.Context, e catalog.Event) (int64, error)
}

// DHCPObserver turns what the DHCP server notices into events. It never
// blocks the DHCP workers: writes happen in their own goroutine.
type DHCPObserver struct {
	Events eventAppender
	Seen   *DHCPSeen // optional: where answered hosts are collected
	Logger *slog.Logger
}

var _ dhcp.Observer = (*DHCPObserver)(nil)

// RogueServer records another DHCP server on the segment, loudly.
func (o *DHCPObserver) RogueServer(ctx context.Context, r dhcp.RogueServer) {
	o.Logger.Error("another DHCP server answers on the lab segment", "server_id", r.ServerID,
		"source", r.Source, "client", r.Client.String(), "evidence", r.Evidence)
	ev := catalog.Event{Kind: "dhcp.rogue_server", Subject: r.ServerID.String(), Actor: "dhcp",
		Data: mustJSON(map[string]string{"source": r.Source.String(), "client": r.Client.String(), "evidence": r.Evidence})}
	go func() {
		if _, err := o.Events.AppendEvent(context.WithoutCancel(ctx), ev); err != nil {
			o.Logger.Warn("record rogue DHCP server", "err", err)
		}
	}()
}

// ClientSeen logs each answered request at debug level and collects the
// host for the lifecycle controller's "DHCP seen" signal. It runs for
// every reply, so the log line is built only when debug is on.
func (o *DHCPObserver) ClientSeen(ctx context.Context, c dhcp.ClientSeen) {
	if o.Seen != nil {
		o.Seen.Add(c)
	}
	if !o.Logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	o.Logger.Debug("dhcp answered", "mac", c.MAC.String(), "type", c.Type, "ip", c.IP,
		"host", c.HostID, "boot", c.BootFile, "ipxe", c.IPXE)
}
