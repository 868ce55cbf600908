package main

import (
	"context"
	"fmt"

	"github.com/ironbase/ironbase/web"
)

func powerCmd(ctx context.Context, args []string, e env) error {
	verbs := map[string]func(context.Context, []string, env) error{"status": powerStatus, "bootdev": powerBootDev}
	for _, a := range []string{"on", "off", "soft-off", "cycle", "reset"} {
		verbs[a] = func(ctx context.Context, args []string, e env) error { return powerAct(ctx, a, args, e) }
	}
	return subcommand(ctx, "power", args, e, verbs)
}

func powerStatus(ctx context.Context, args []string, e env) error {
	var o clientOpts
	fs := newFlags("power status", e.stderr)
	o.register(fs, e)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 1, "power status HOST"); err != nil {
		return err
	}
	return o.powerCall(ctx, e, "GET", hostPath(pos[0])+"/power", nil)
}

func powerAct(ctx context.Context, action string, args []string, e env) error {
	var o clientOpts
	var boot string
	fs := newFlags("power "+action, e.stderr)
	o.register(fs, e)
	if action == "on" || action == "cycle" || action == "reset" {
		fs.StringVar(&boot, "boot", "pxe", "boot device to set first: pxe, disk or none")
	}
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 1, "power "+action+" HOST"); err != nil {
		return err
	}
	return o.powerCall(ctx, e, "POST", hostPath(pos[0])+"/power", web.PowerRequest{Action: action, Boot: boot})
}

func powerBootDev(ctx context.Context, args []string, e env) error {
	var o clientOpts
	var req web.BootDevRequest
	var efi, legacy bool
	fs := newFlags("power bootdev", e.stderr)
	o.register(fs, e)
	fs.BoolVar(&req.Persistent, "persistent", false, "every boot, not only the next one")
	fs.BoolVar(&efi, "efi", false, "EFI boot (default: the host's firmware)")
	fs.BoolVar(&legacy, "legacy", false, "legacy BIOS boot (default: the host's firmware)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 2, "power bootdev HOST pxe|disk [--persistent] [--efi|--legacy]"); err != nil {
		return err
	}
	if efi && legacy {
		return usageErr("--efi and --legacy exclude each other")
	}
	if efi || legacy {
		req.EFI = &efi
	}
	req.Device = pos[1]
	return o.powerCall(ctx, e, "POST", hostPath(pos[0])+"/bootdev", req)
}

func (o *clientOpts) powerCall(ctx context.Context, e env, method, path string, body any) error {
	c, err := o.client()
	if err != nil {
		return err
	}
	var rep web.PowerReply
	if err := c.do(ctx, method, path, body, &rep); err != nil {
		return err
	}
	if o.output == "json" {
		return printJSON(e.stdout, rep)
	}
	switch {
	case rep.State != "":
		_, err = fmt.Fprintf(e.stdout, "%s: power %s\n", rep.Host, rep.State)
	case rep.Action != "":
		_, err = fmt.Fprintf(e.stdout, "%s: %s sent%s\n", rep.Host, rep.Action, bootNote(rep.Boot))
	default:
		_, err = fmt.Fprintf(e.stdout, "%s: boot device %s\n", rep.Host, rep.Boot)
	}
	return err
}

func bootNote(b string) string {
	if b == "" {
		return ""
	}
	return " (boot device " + b + " set first)"
}
