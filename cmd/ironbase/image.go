package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/imaging"
	"github.com/ironbase/ironbase/web"
)

func imageCmd(ctx context.Context, args []string, e env) error {
	return subcommand(ctx, "image", args, e, map[string]func(context.Context, []string, env) error{
		"import": imageImport, "list": imageList, "show": imageShow, "tag": imageTag,
		"promote": imagePromote, "revoke": imageRevoke, "retire": imageRetire, "derive": imageDerive,
		"verify": imageVerify, "gc": imageGC, "disk": imageDisk, "stage": imageStage,
	})
}

type importFlags struct {
	req                            web.ImageRequest
	kernel, initrd, rootfs, checks string
}

func (f *importFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.req.Name, "name", "", "image name, e.g. debian-12-lab (required)")
	fs.StringVar(&f.req.Version, "version", "", "free-form version")
	fs.StringVar(&f.req.Arch, "arch", "x86_64", "x86_64 or arm64")
	fs.StringVar(&f.req.Cmdline, "cmdline", "", "kernel command line")
	fs.StringVar(&f.kernel, "kernel", "", "kernel: a file, or an http(s) URL the server fetches (URL#sha256:HEX checks it)")
	fs.StringVar(&f.initrd, "initrd", "", "initrd: a file or URL (required)")
	fs.StringVar(&f.rootfs, "rootfs", "", "root file system: a squashfs file or URL, or a directory to build one from")
	fs.StringVar(&f.checks, "checks", "", "acceptance checks file (JSON)")
}

func imageImport(ctx context.Context, args []string, e env) error {
	var o clientOpts
	var f importFlags
	fs := newFlags("image import", e.stderr)
	o.register(fs, e)
	f.register(fs)
	if err := noArgs(fs, args, "image import --name N --kernel F --initrd F"); err != nil {
		return err
	}
	if f.req.Name == "" || f.kernel == "" || f.initrd == "" {
		return usageErr("image import needs --name, --kernel and --initrd")
	}
	c, err := o.client()
	if err != nil {
		return err
	}
	files, cleanup, err := f.artifactFiles(ctx)
	defer cleanup()
	if err != nil {
		return err
	}
	for _, a := range files {
		d, err := c.ensureBlob(ctx, a.path)
		if err != nil {
			return err
		}
		f.req.Artifacts = append(f.req.Artifacts, web.ArtifactRef{Role: a.role, Digest: d, Source: a.source})
	}
	var im catalog.Image
	if err := c.do(ctx, "POST", "/api/v1/images", f.req, &im); err != nil {
		return err
	}
	if o.output == "json" {
		return printJSON(e.stdout, im)
	}
	_, err = fmt.Fprintf(e.stdout, "image %s imported: %s (%s)\n", im.Name, im.Digest, im.State)
	return err
}

type artifactFile struct{ role, path, source string }

// artifactFiles checks every input before anything is sent; a rootfs
// directory is built into a squashfs first.
func (f *importFlags) artifactFiles(ctx context.Context) ([]artifactFile, func(), error) {
	cleanup := func() {}
	out := []artifactFile{{role: "kernel", path: f.kernel}, {role: "initrd", path: f.initrd}}
	if f.checks != "" {
		b, err := os.ReadFile(f.checks)
		if err != nil || !json.Valid(b) {
			return nil, cleanup, usageErr("--checks %s: want a readable JSON file (%v)", f.checks, err)
		}
		out = append(out, artifactFile{role: "checks", path: f.checks})
	}
	if f.rootfs != "" && isURL(f.rootfs) {
		out = append(out, artifactFile{role: "rootfs", path: f.rootfs})
	} else if f.rootfs != "" {
		fi, err := os.Stat(f.rootfs)
		if err != nil {
			return nil, cleanup, usageErr("--rootfs: %v", err)
		}
		rootfs, src := f.rootfs, "file://"
		if fi.IsDir() {
			if rootfs, cleanup, err = buildRootfs(ctx, f.rootfs); err != nil {
				return nil, cleanup, err
			}
			src = "dir:"
		}
		out = append(out, artifactFile{role: "rootfs", path: rootfs, source: src + abs(f.rootfs)})
	}
	for i := range out {
		if isURL(out[i].path) {
			out[i].source = strings.SplitN(out[i].path, "#", 2)[0]
			continue
		}
		if _, err := os.Stat(out[i].path); err != nil {
			return nil, cleanup, usageErr("--%s: %v", out[i].role, err)
		}
		if out[i].source == "" {
			out[i].source = "file://" + abs(out[i].path)
		}
	}
	return out, cleanup, nil
}

func buildRootfs(ctx context.Context, dir string) (string, func(), error) {
	tmp, err := os.MkdirTemp("", "ironbase-rootfs-")
	if err != nil {
		return "", func() {}, err
	}
	cleanup := func() { os.RemoveAll(tmp) }
	out := filepath.Join(tmp, "rootfs.squashfs")
	if err := imaging.BuildSquashfs(ctx, dir, out); err != nil {
		return "", cleanup, fmt.Errorf("build squashfs from %s: %w", dir, err)
	}
	return out, cleanup, nil
}

func isURL(p string) bool { return strings.HasPrefix(p, "http://") || strings.HasPrefix(p, "https://") }

func abs(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}
