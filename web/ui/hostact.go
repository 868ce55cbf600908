package ui

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/power"
)

// actionButton is one confirmed action form on a page.
type actionButton struct {
	Path    string
	Do      string // the form's "do" field
	Label   string
	Confirm string
	Danger  bool
	Reason  bool // ask for a reason
}

// hostActions lists what the caller may do to the host: power for an
// admin or the holder, lifecycle actions for an admin only.
func hostActions(c who, h catalog.Host, holder string, havePower bool) []actionButton {
	path := "/hosts/" + h.Name + "/action"
	var out []actionButton
	if havePower && h.BMC != nil && mayPower(c.tok, h, holder) == nil {
		out = append(out,
			actionButton{Path: path, Do: "on", Label: "Power on", Confirm: "Power on " + h.Name + " (boot from the network)?"},
			actionButton{Path: path, Do: "off", Label: "Power off", Confirm: "Cut power to " + h.Name + " now?", Danger: true},
			actionButton{Path: path, Do: "cycle", Label: "Power cycle", Confirm: "Power-cycle " + h.Name + " (hard off, then on, PXE)?", Danger: true},
			actionButton{Path: path, Do: "pxe", Label: "PXE next boot", Confirm: "Make " + h.Name + "'s next boot a network boot?"})
	}
	if !c.tok.Role.Allows(admin) {
		return out
	}
	out = append(out, actionButton{Path: path, Do: "retest", Label: "Retest", Confirm: "Re-run the acceptance suite on " + h.Name + "?"})
	if h.State == catalog.HostMaintenance {
		return append(out, actionButton{Path: path, Do: "unmaintenance", Label: "Leave maintenance",
			Confirm: "Take " + h.Name + " out of maintenance (it is re-provisioned and re-verified)?"})
	}
	return append(out, actionButton{Path: path, Do: "maintenance", Label: "Maintenance", Reason: true, Danger: true,
		Confirm: "Put " + h.Name + " into maintenance (the controller stops powering it)?"})
}

// hostAction runs one host action. Power goes through the same power
// service and the same rule as POST /api/v1/hosts/{name}/power; lifecycle
// actions through TransitionHost, like the API's maintenance call.
func (u *UI) hostAction(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	h, err := u.cat.Host(ctx, r.PathValue("name"))
	if err != nil {
		u.fail(w, r, err)
		return
	}
	do := r.PostFormValue("do")
	back := "/hosts/" + h.Name
	if !u.confirmed(w, r, fmt.Sprintf("%s on host %s?", do, h.Name), back) {
		return
	}
	msg, err := u.doHostAction(r, h, do)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.done(w, r, msg, back)
}

func (u *UI) doHostAction(r *http.Request, h catalog.Host, do string) (string, error) {
	switch do {
	case "on", "off", "cycle", "pxe":
		return u.powerAction(r, h, do)
	case "retest", "maintenance", "unmaintenance":
		if tok := caller(r.Context()).tok; !tok.Role.Allows(admin) {
			return "", forbidden(tok, admin)
		}
		return u.lifecycleAction(r, h, do)
	}
	return "", catalog.Errorf(catalog.KindInvalid, "unknown host action %q", do)
}

func (u *UI) powerAction(r *http.Request, h catalog.Host, do string) (string, error) {
	if u.power == nil {
		return "", catalog.Errorf(catalog.KindUnavailable, "power control is not configured on this server")
	}
	holder, err := u.cat.HostHolder(r.Context(), h.Name)
	if err != nil {
		return "", err
	}
	tok := caller(r.Context()).tok
	if err := mayPower(tok, h, holder); err != nil {
		return "", err
	}
	reason := fmt.Sprintf("ui: %s (%s)", tok.Name, tok.Role)
	boot := &power.BootSpec{Device: power.BootPXE, EFI: h.Firmware == "uefi"}
	if do == "pxe" {
		return "next boot of " + h.Name + " is PXE", u.power.SetBoot(r.Context(), h.Name, *boot, reason)
	}
	act, err := power.ParseAction(do)
	if err != nil {
		return "", &catalog.Error{Kind: catalog.KindInvalid, Msg: "power action", Err: err}
	}
	req := power.Request{Action: act, Reason: reason}
	if act.Boots() {
		req.Boot = boot
	}
	return "power " + do + " sent to " + h.Name, u.power.Do(r.Context(), h.Name, req)
}

func (u *UI) lifecycleAction(r *http.Request, h catalog.Host, do string) (string, error) {
	actor := caller(r.Context()).tok.Name
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	var t catalog.HostTransition
	switch do {
	case "retest":
		moved, err := u.cat.RetestHost(r.Context(), h.Name, actor)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("retest: host %s is %s", moved.Name, moved.State), nil
	case "maintenance":
		t = catalog.HostTransition{To: catalog.HostMaintenance, Reason: reason, Actor: actor}
	case "unmaintenance":
		t = catalog.HostTransition{From: catalog.HostMaintenance, To: catalog.HostProvisioning,
			Reason: "left maintenance: re-provision and re-verify", Actor: actor}
	}
	moved, err := u.cat.TransitionHost(r.Context(), h.Name, t)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("host %s is %s", moved.Name, moved.State), nil
}
