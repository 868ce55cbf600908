package provision

import (
	"context"
	"encoding/json"
	"log/slog"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/power"
)

// powerEvents writes every power.Event to the catalog's event log as
// "power.<kind>" for the host. Writes are synchronous: power calls take
// milliseconds to seconds, a commit well under that.
type powerEvents struct {
	store credStore
	log   *slog.Logger
}

type powerEventData struct {
	Action string `json:"action,omitempty"`
	Boot   string `json:"boot,omitempty"`
	State  string `json:"state,omitempty"`
	Prev   string `json:"prev,omitempty"`
	Step   string `json:"step,omitempty"`
	Reason string `json:"reason,omitempty"`
	Result string `json:"result"`
	Error  string `json:"error,omitempty"`
}

func (p *powerEvents) PowerEvent(ctx context.Context, e power.Event) {
	d := powerEventData{Reason: e.Reason, Result: "ok"}
	switch e.Kind {
	case power.EventPower:
		d.Action = e.Action.String()
	case power.EventBoot:
		d.Boot = e.Boot.String()
	case power.EventState:
		d.State, d.Prev = e.State.String(), e.Prev.String()
	case power.EventRecovery:
		d.Step = e.Step.String()
	}
	if e.Err != nil {
		d.Result, d.Error = "failed", e.Err.Error()
	}
	b, _ := json.Marshal(d) // plain strings always marshal
	ev := catalog.Event{Kind: "power." + string(e.Kind), Host: e.BMC, Actor: "power", Data: b}
	if _, err := p.store.AppendEvent(context.WithoutCancel(ctx), ev); err != nil {
		p.log.Warn("record power event", "host", e.BMC, "err", err)
	}
}
