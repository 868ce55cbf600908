package ui

import (
	"context"

	"github.com/ironbase/ironbase/catalog"
)

// canaryView is a candidate's progress in one pool, read from the pool's
// hosts' slot B: passed, failed, or pending (staged or in trial).
type canaryView struct {
	Image                   catalog.Image
	Passed, Failed, Pending []string
	Required                int // canaries per class the pool asks for
}

// Total is how many hosts carry the candidate.
func (c canaryView) Total() int { return len(c.Passed) + len(c.Failed) + len(c.Pending) }

func (u *UI) canaries(ctx context.Context, p catalog.Pool, ims []catalog.Image) ([]canaryView, error) {
	hs, err := u.cat.ListHosts(ctx, catalog.HostFilter{Pool: p.Name})
	if err != nil {
		return nil, err
	}
	var out []canaryView
	for _, im := range ims {
		if im.State != catalog.ImageCandidate && im.State != catalog.ImageVerified && im.State != catalog.ImageFailed {
			continue
		}
		if c := canaryOf(im, hs, p.CanariesPerClass); c.Total() > 0 || im.State == catalog.ImageCandidate {
			out = append(out, c)
		}
	}
	return out, nil
}

func canaryOf(im catalog.Image, hs []catalog.Host, required int) canaryView {
	c := canaryView{Image: im, Required: required}
	for _, h := range hs {
		for _, s := range h.Slots {
			if s.Slot != "B" || s.Image != im.Digest {
				continue
			}
			switch s.Status {
			case "passed":
				c.Passed = append(c.Passed, h.Name)
			case "failed":
				c.Failed = append(c.Failed, h.Name)
			default:
				c.Pending = append(c.Pending, h.Name)
			}
		}
	}
	return c
}
