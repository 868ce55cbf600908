package ui

import (
	"context"

	"github.com/ironbase/ironbase/catalog"
)

// lifeViews is the lifecycle controller's view of every managed host, by
// name (hosts that are new or retired are not in it).
func (u *UI) lifeViews(ctx context.Context) (map[string]catalog.HostView, error) {
	lv, err := u.cat.LifecycleView(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]catalog.HostView, len(lv.Hosts))
	for _, h := range lv.Hosts {
		out[h.Name] = h
	}
	return out, nil
}

// lifeOf is one host's lifecycle view; the zero view when there is none.
func (u *UI) lifeOf(ctx context.Context, host string) (catalog.HostView, error) {
	all, err := u.lifeViews(ctx)
	return all[host], err
}
