package main

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/web"
)

func hostCmd(ctx context.Context, args []string, e env) error {
	return subcommand(ctx, "host", args, e, map[string]func(context.Context, []string, env) error{
		"add": hostAdd, "list": hostList, "show": hostShow,
		"maintenance": hostMaintenance, "retire": hostRetire, "accept": hostAccept, "retest": hostRetest,
	})
}

type hostAddFlags struct {
	req                                 web.HostRequest
	macs, tags                          listFlag
	bmc, bmcUser, bmcPassFile, bmcIface string
	bmcCipher                           int
}

func (f *hostAddFlags) register(fs *flag.FlagSet) {
	fs.Var(&f.macs, "mac", "MAC address (repeat for several NICs)")
	fs.Var(&f.tags, "tag", "tag key=value (repeatable)")
	fs.StringVar(&f.req.Pool, "pool", "", "pool to join")
	fs.StringVar(&f.req.Arch, "arch", "", "x86_64 (default) or arm64")
	fs.StringVar(&f.req.Firmware, "firmware", "", "bios (default) or uefi")
	fs.StringVar(&f.bmc, "bmc", "", "BMC address HOST[:PORT]")
	fs.StringVar(&f.bmcUser, "bmc-user", "", "BMC user name")
	fs.StringVar(&f.bmcPassFile, "bmc-password-file", "", "file holding the BMC password")
	fs.StringVar(&f.bmcIface, "bmc-interface", "", "lanplus (default) or lan")
	fs.IntVar(&f.bmcCipher, "bmc-cipher-suite", -1, "IPMI cipher suite; -1 negotiates 17, then 3")
}

// request builds the API request, reading the password file; nothing is
// sent when any part is wrong.
func (f *hostAddFlags) request(name string) (web.HostRequest, error) {
	f.req.Name, f.req.MACs, f.req.Tags = name, f.macs, map[string]string{}
	for _, t := range f.tags {
		k, v, err := catalog.ParseTag(t)
		if err != nil {
			return f.req, err
		}
		f.req.Tags[k] = v
	}
	if f.bmc == "" {
		if f.bmcUser != "" || f.bmcPassFile != "" {
			return f.req, usageErr("--bmc-user and --bmc-password-file need --bmc")
		}
		return f.req, nil
	}
	pw, err := readPasswordFile(f.bmcPassFile)
	if err != nil {
		return f.req, err
	}
	f.req.BMC = &web.BMCRequest{Address: f.bmc, Username: f.bmcUser, Password: pw, Interface: f.bmcIface, CipherSuite: f.bmcCipher}
	return f.req, nil
}

func readPasswordFile(path string) (string, error) {
	if path == "" {
		return "", usageErr("--bmc needs --bmc-password-file (passwords are never taken on the command line)")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", &catalog.Error{Kind: catalog.KindInvalid, Msg: "BMC password file", Err: err}
	}
	pw := strings.TrimRight(string(b), "\r\n")
	if pw == "" {
		return "", usageErr("BMC password file %s is empty", path)
	}
	return pw, nil
}

func hostAdd(ctx context.Context, args []string, e env) error {
	var o clientOpts
	var f hostAddFlags
	fs := newFlags("host add", e.stderr)
	o.register(fs, e)
	f.register(fs)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 1, "host add NAME --mac MAC [flags]"); err != nil {
		return err
	}
	req, err := f.request(pos[0])
	if err != nil {
		return err
	}
	c, err := o.client()
	if err != nil {
		return err
	}
	var h catalog.Host
	if err := c.do(ctx, "POST", "/api/v1/hosts", req, &h); err != nil {
		return err
	}
	if o.output == "json" {
		return printJSON(e.stdout, h)
	}
	_, err = fmt.Fprintf(e.stdout, "host %s added (%s)\n", h.Name, h.State)
	return err
}

func hostPath(name string) string { return "/api/v1/hosts/" + url.PathEscape(name) }
