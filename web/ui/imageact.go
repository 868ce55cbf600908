package ui

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/ironbase/ironbase/catalog"
)

// imageAction promotes, revokes or stages an image in a pool, through the
// same catalog calls as POST /api/v1/images/{ref}/promote and /revoke.
func (u *UI) imageAction(w http.ResponseWriter, r *http.Request) {
	im, err := u.cat.Image(r.Context(), r.PathValue("ref"))
	if err != nil {
		u.fail(w, r, err)
		return
	}
	do, pool := r.PostFormValue("do"), r.PostFormValue("pool")
	back := "/images/" + im.Digest
	q := fmt.Sprintf("%s image %s:%s (%s) in pool %s?", do, im.Name, im.Version, shortDigest(im.Digest), pool)
	if !u.confirmed(w, r, q, back) {
		return
	}
	msg, err := u.doImageAction(r, im, do, pool)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.done(w, r, msg, back)
}

func (u *UI) doImageAction(r *http.Request, im catalog.Image, do, pool string) (string, error) {
	ctx, actor := r.Context(), caller(r.Context()).tok.Name
	switch do {
	case "promote":
		pi, err := u.cat.PromoteImage(ctx, im.Digest, pool, r.PostFormValue("force") == "yes", actor)
		return fmt.Sprintf("pool %s (%s) known-good is now %s", pi.Pool, pi.Arch, shortDigest(pi.Promoted)), err
	case "revoke":
		reason := strings.TrimSpace(r.PostFormValue("reason"))
		pi, err := u.cat.RevokeImage(ctx, im.Digest, pool, reason, actor)
		return fmt.Sprintf("revoked; pool %s (%s) known-good is now %s", pi.Pool, pi.Arch, orNone(shortDigest(pi.Promoted))), err
	case "stage":
		hosts, err := u.cat.StageImage(ctx, im.Digest, catalog.StageRequest{Pool: pool}, actor)
		return fmt.Sprintf("%s staged on slot B of %s", shortDigest(im.Digest), strings.Join(hosts, ", ")), err
	}
	return "", catalog.Errorf(catalog.KindInvalid, "unknown image action %q", do)
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
