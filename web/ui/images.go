package ui

import (
	"context"
	"net/http"

	"github.com/ironbase/ironbase/catalog"
)

// pipelineStates are the board's columns, in pipeline order; the
// states an image ends in are listed under them.
var (
	pipelineStates = []catalog.ImageState{catalog.ImageImported, catalog.ImageCandidate, catalog.ImageVerified,
		catalog.ImagePromoted, catalog.ImageSuperseded}
	endedStates = []catalog.ImageState{catalog.ImageFailed, catalog.ImageRevoked, catalog.ImageRetired}
)

type imagesView struct {
	base
	Pools   []poolView
	Columns []imageColumn
	Ended   []catalog.Image
}

type imageColumn struct {
	State  string
	Images []catalog.Image
}

// poolView is one pool: its known-good image per arch and the canary
// progress of every candidate staged on its hosts.
type poolView struct {
	catalog.Pool
	KnownGood []knownGood
	Canaries  []canaryView
}

type knownGood struct {
	Arch               string
	Promoted, Fallback *catalog.Image
}

func (u *UI) imagesPage(w http.ResponseWriter, r *http.Request) {
	ims, err := u.cat.ListImages(r.Context())
	if err != nil {
		u.fail(w, r, err)
		return
	}
	pools, err := u.poolViews(r.Context(), ims)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	v := imagesView{base: u.base(r, "Images", "images"), Pools: pools}
	v.Live = "/ui/stream?prefix=image."
	v.Columns, v.Ended = pipeline(ims)
	u.render(w, r, http.StatusOK, "images", v)
}

func pipeline(ims []catalog.Image) ([]imageColumn, []catalog.Image) {
	cols := make([]imageColumn, len(pipelineStates))
	var ended []catalog.Image
	for i, s := range pipelineStates {
		cols[i].State = s.String()
	}
	for _, im := range ims {
		for i, s := range pipelineStates {
			if im.State == s {
				cols[i].Images = append(cols[i].Images, im)
			}
		}
		for _, s := range endedStates {
			if im.State == s {
				ended = append(ended, im)
			}
		}
	}
	return cols, ended
}

func (u *UI) poolViews(ctx context.Context, ims []catalog.Image) ([]poolView, error) {
	pools, err := u.cat.ListPools(ctx)
	if err != nil {
		return nil, err
	}
	pis, err := u.cat.ListPoolImages(ctx)
	if err != nil {
		return nil, err
	}
	byDigest := map[string]*catalog.Image{}
	for i := range ims {
		byDigest[ims[i].Digest] = &ims[i]
	}
	out := make([]poolView, 0, len(pools))
	for _, p := range pools {
		pv := poolView{Pool: p}
		for _, pi := range pis {
			if pi.Pool == p.Name {
				pv.KnownGood = append(pv.KnownGood, knownGood{Arch: pi.Arch, Promoted: byDigest[pi.Promoted], Fallback: byDigest[pi.Fallback]})
			}
		}
		if pv.Canaries, err = u.canaries(ctx, p, ims); err != nil {
			return nil, err
		}
		out = append(out, pv)
	}
	return out, nil
}
