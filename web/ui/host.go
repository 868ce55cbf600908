package ui

import (
	"context"
	"net/http"

	"github.com/ironbase/ironbase/catalog"
)

type hostView struct {
	base
	Host     catalog.Host
	Row      hostRow
	Holder   string
	Slots    []slotView
	Life     catalog.HostView
	Timeline []timelineEntry
	Suite    suiteView
	Plot     plotView
	Power    powerView
	Actions  []actionButton
}

// slotView is a slot with what the catalog knows of its image.
type slotView struct {
	Slot, Digest, Status, Name, Version, State string
	Tags                                       []string
}

func (u *UI) hostPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	h, err := u.cat.Host(ctx, r.PathValue("name"))
	if err != nil {
		u.fail(w, r, err)
		return
	}
	holder, err := u.cat.HostHolder(ctx, h.Name)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	life, err := u.lifeOf(ctx, h.Name)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	v := hostView{base: u.base(r, "Host "+h.Name, "fleet"), Host: h, Row: newHostRow(h, holder, life), Holder: holder, Life: life}
	v.Live = "/ui/stream?host=" + h.Name
	v.Slots = u.slotViews(ctx, h)
	if v.Timeline, err = u.timeline(ctx, h.Name); err != nil {
		u.fail(w, r, err)
		return
	}
	v.Suite, v.Plot = currentSuite(life), u.plot(ctx, h.Name)
	v.Power = u.powerState(ctx, h)
	v.Actions = hostActions(caller(ctx), h, holder, u.power != nil)
	u.render(w, r, http.StatusOK, "host", v)
}

func (u *UI) slotViews(ctx context.Context, h catalog.Host) []slotView {
	var out []slotView
	for _, s := range h.Slots {
		sv := slotView{Slot: s.Slot, Digest: s.Image, Status: s.Status}
		if s.Image != "" {
			if im, err := u.cat.Image(ctx, s.Image); err == nil {
				sv.Name, sv.Version, sv.State, sv.Tags = im.Name, im.Version, im.State.String(), im.Tags
			}
		}
		out = append(out, sv)
	}
	return out
}
