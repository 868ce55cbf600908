package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"

	"github.com/ironbase/ironbase/catalog"
)

type imageView struct {
	base
	Image      catalog.Image
	Manifest   string
	PromotedIn []string // pools whose known-good it is
	FallbackIn []string
	Pools      []string // pools it may be promoted or staged in
	History    []timelineEntry
	Evidence   []timelineEntry // image.canary events: each trial's verdict
	Canaries   []poolCanary
	Verified   bool
	CanStage   bool // imported, candidate or verified: what StageImage takes
}

type poolCanary struct {
	Pool string
	canaryView
}

func (u *UI) imagePage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	im, err := u.cat.Image(ctx, r.PathValue("ref"))
	if err != nil {
		u.fail(w, r, err)
		return
	}
	v := imageView{base: u.base(r, "Image "+im.Name, "images"), Image: im, Manifest: indentJSON(im.Manifest),
		Verified: im.State == catalog.ImageVerified, CanStage: im.State == catalog.ImageImported ||
			im.State == catalog.ImageCandidate || im.State == catalog.ImageVerified}
	v.Live = "/ui/stream?prefix=image."
	if err := u.fillImagePools(ctx, &v); err != nil {
		u.fail(w, r, err)
		return
	}
	if v.History, err = u.imageHistory(ctx, im.Digest); err != nil {
		u.fail(w, r, err)
		return
	}
	for _, e := range v.History {
		if e.Kind == "image.canary" {
			v.Evidence = append(v.Evidence, e)
		}
	}
	u.render(w, r, http.StatusOK, "image", v)
}

func (u *UI) fillImagePools(ctx context.Context, v *imageView) error {
	pis, err := u.cat.ListPoolImages(ctx)
	if err != nil {
		return err
	}
	for _, pi := range pis {
		if pi.Promoted == v.Image.Digest {
			v.PromotedIn = append(v.PromotedIn, pi.Pool)
		}
		if pi.Fallback == v.Image.Digest {
			v.FallbackIn = append(v.FallbackIn, pi.Pool)
		}
	}
	pools, err := u.cat.ListPools(ctx)
	if err != nil {
		return err
	}
	for _, p := range pools {
		v.Pools = append(v.Pools, p.Name)
		hs, err := u.cat.ListHosts(ctx, catalog.HostFilter{Pool: p.Name})
		if err != nil {
			return err
		}
		if c := canaryOf(v.Image, hs, p.CanariesPerClass); c.Total() > 0 {
			v.Canaries = append(v.Canaries, poolCanary{Pool: p.Name, canaryView: c})
		}
	}
	return nil
}

// imageHistory is the image's own events (import, state changes,
// corruption), oldest first.
func (u *UI) imageHistory(ctx context.Context, digest string) ([]timelineEntry, error) {
	var out []timelineEntry
	for _, kind := range []string{"image.imported", "image.state", "image.staged", "image.canary", "image.corrupt", "image.repaired"} {
		evs, err := u.eventsAfter(ctx, catalog.EventFilter{Kind: kind}, u.cat.LastEventID())
		if err != nil {
			return nil, err
		}
		for _, e := range evs {
			if e.Subject == digest {
				out = append(out, newTimelineEntry(e))
			}
		}
	}
	sortByID(out)
	return out, nil
}

func indentJSON(raw json.RawMessage) string {
	var b bytes.Buffer
	if json.Indent(&b, raw, "", "  ") != nil {
		return string(raw)
	}
	return b.String()
}
