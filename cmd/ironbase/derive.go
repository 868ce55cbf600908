package main

import (
	"context"
	"fmt"
	"net/url"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/web"
)

func imageDerive(ctx context.Context, args []string, e env) error {
	var o clientOpts
	var req web.DeriveRequest
	var kernel, initrd, add string
	fs := newFlags("image derive", e.stderr)
	o.register(fs, e)
	fs.StringVar(&kernel, "kernel", "", "new kernel file")
	fs.StringVar(&initrd, "initrd", "", "new initrd file")
	fs.StringVar(&add, "add", "", "directory to add as a layer over the base's root (built into a squashfs)")
	fs.StringVar(&req.Name, "name", "", "name of the derived image (default: the base's)")
	fs.StringVar(&req.Version, "version", "", "version of the derived image")
	fs.StringVar(&req.Cmdline, "cmdline", "", "kernel command line (default: the base's)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 1, "image derive BASE [--kernel F] [--initrd F] [--add DIR]"); err != nil {
		return err
	}
	if kernel == "" && initrd == "" && add == "" {
		return usageErr("image derive needs at least one of --kernel, --initrd, --add")
	}
	c, err := o.client()
	if err != nil {
		return err
	}
	if err := deriveBlobs(ctx, c, &req, kernel, initrd, add); err != nil {
		return err
	}
	var im catalog.Image
	if err := c.do(ctx, "POST", "/api/v1/images/"+url.PathEscape(pos[0])+"/derive", req, &im); err != nil {
		return err
	}
	if o.output == "json" {
		return printJSON(e.stdout, im)
	}
	_, err = fmt.Fprintf(e.stdout, "image %s derived from %s: %s\n", im.Name, im.Parent, im.Digest)
	return err
}

// deriveBlobs uploads whatever the derived image adds.
func deriveBlobs(ctx context.Context, c *client, req *web.DeriveRequest, kernel, initrd, add string) error {
	var err error
	if kernel != "" {
		if req.Kernel, err = c.ensureBlob(ctx, kernel); err != nil {
			return err
		}
		req.Source = "file://" + abs(kernel)
	}
	if initrd != "" {
		if req.Initrd, err = c.ensureBlob(ctx, initrd); err != nil {
			return err
		}
	}
	if add == "" {
		return nil
	}
	layer, cleanup, err := buildRootfs(ctx, add)
	defer cleanup()
	if err != nil {
		return err
	}
	req.Layer, err = c.ensureBlob(ctx, layer)
	req.Source = "dir:" + abs(add)
	return err
}
