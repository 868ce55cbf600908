package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/imaging"
)

// imageDisk builds, on this machine, the GPT disk a host gets in
// local-disk mode: ESP (kernel, initrd, boot entry), slot A (the image's
// root), slot B, scratch. Artifacts come from the server's boot endpoint.
func imageDisk(ctx context.Context, args []string, e env) error {
	var o clientOpts
	var out string
	var size int64
	fs := newFlags("image disk", e.stderr)
	o.register(fs, e)
	fs.StringVar(&out, "out", "", "disk image file to create (required; must not exist)")
	fs.Int64Var(&size, "size", 0, "disk size in MiB (default: the smallest that fits)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 1, "image disk REF --out FILE [--size MiB]"); err != nil {
		return err
	}
	if out == "" {
		return usageErr("image disk needs --out FILE")
	}
	c, err := o.client()
	if err != nil {
		return err
	}
	var im catalog.Image
	if err := c.do(ctx, "GET", "/api/v1/images/"+url.PathEscape(pos[0]), nil, &im); err != nil {
		return err
	}
	parts, err := c.buildDisk(ctx, im, out, size<<20)
	if err != nil {
		return err
	}
	for _, p := range parts {
		fmt.Fprintf(e.stdout, "%-18s start %10d  length %10d\n", p.Name, p.Start, p.Length)
	}
	return nil
}

func (c *client) buildDisk(ctx context.Context, im catalog.Image, out string, size int64) ([]imaging.PartitionInfo, error) {
	tmp, err := os.MkdirTemp("", "ironbase-disk-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	files := map[string]string{}
	for _, a := range im.Artifacts {
		if a.Role == "kernel" || a.Role == "initrd" || a.Role == "rootfs" {
			files[a.Role] = filepath.Join(tmp, a.Role)
			if err := c.download(ctx, a.Digest, files[a.Role]); err != nil {
				return nil, err
			}
		}
	}
	if files["rootfs"] == "" {
		return nil, usageErr("image %s has no root file system to put in slot A", im.Digest)
	}
	m, err := imaging.ParseManifest(im.Manifest)
	if err != nil {
		return nil, err
	}
	return imaging.BuildDisk(ctx, out, imaging.DiskSpec{Size: size, Kernel: files["kernel"], Initrd: files["initrd"],
		RootA: files["rootfs"], BootConfig: imaging.BootEntry(im.Name+" "+im.Version, m.Cmdline)})
}

// download fetches a blob by digest and checks it.
func (c *client) download(ctx context.Context, digest, path string) error {
	req, err := http.NewRequestWithContext(ctx, "GET", c.base+"/boot/artifacts/"+digest, nil)
	if err != nil {
		return err
	}
	resp, err := (&http.Client{}).Do(req)
	if err != nil {
		return &catalog.Error{Kind: catalog.KindUnavailable, Msg: "download " + digest, Err: err}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("download %s: %s", digest, resp.Status)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, resp.Body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	got, _, err := fileDigest(path)
	if err == nil && got != digest {
		err = fmt.Errorf("download %s: got bytes with digest %s", digest, got)
	}
	return err
}
