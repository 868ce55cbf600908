package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/web"
)

func imageList(ctx context.Context, args []string, e env) error {
	var o clientOpts
	fs := newFlags("image list", e.stderr)
	o.register(fs, e)
	_, c, err := o.start(fs, args, 0, "image list"+" [flags]")
	if err != nil {
		return err
	}
	var out web.ImageList
	if err := c.do(ctx, "GET", "/api/v1/images", nil, &out); err != nil {
		return err
	}
	if o.output == "json" {
		return printJSON(e.stdout, out)
	}
	rows := make([][]string, len(out.Images))
	for i, im := range out.Images {
		rows[i] = []string{shortDigest(im.Digest), im.Name, dash(im.Version), im.Arch, stateNote(im),
			dash(strings.Join(im.Tags, ",")), age(im.CreatedAt, time.Now())}
	}
	return table(e.stdout, []string{"DIGEST", "NAME", "VERSION", "ARCH", "STATE", "TAGS", "AGE"}, rows)
}

func stateNote(im catalog.Image) string {
	if im.Forced {
		return im.State.String() + " (forced)"
	}
	return im.State.String()
}

func shortDigest(d string) string {
	if len(d) > 19 {
		return d[:19]
	}
	return d
}

func imageShow(ctx context.Context, args []string, e env) error {
	var o clientOpts
	fs := newFlags("image show", e.stderr)
	o.register(fs, e)
	pos, c, err := o.start(fs, args, 1, "image show REF")
	if err != nil {
		return err
	}
	var im catalog.Image
	if err := c.do(ctx, "GET", "/api/v1/images/"+url.PathEscape(pos[0]), nil, &im); err != nil {
		return err
	}
	if o.output == "json" {
		return printJSON(e.stdout, im)
	}
	return showImage(e.stdout, im)
}

func showImage(w io.Writer, im catalog.Image) error {
	rows := [][]string{{"name:", im.Name}, {"version:", dash(im.Version)}, {"arch:", im.Arch},
		{"state:", fmt.Sprintf("%s since %s", stateNote(im), im.StateSince.Format(time.RFC3339))},
		{"tags:", dash(strings.Join(im.Tags, ", "))}, {"parent:", dash(im.Parent)}}
	for _, a := range im.Artifacts {
		rows = append(rows, []string{a.Role + ":", fmt.Sprintf("%s %d bytes from %s", a.Digest, a.Size, dash(a.Source))})
	}
	return table(w, []string{"IMAGE", im.Digest}, rows)
}

func imageTag(ctx context.Context, args []string, e env) error {
	var o clientOpts
	fs := newFlags("image tag", e.stderr)
	o.register(fs, e)
	pos, c, err := o.start(fs, args, 2, "image tag REF NAME:TAG")
	if err != nil {
		return err
	}
	var im catalog.Image
	if err := c.do(ctx, "POST", "/api/v1/images/"+url.PathEscape(pos[0])+"/tag", web.TagRequest{Tag: pos[1]}, &im); err != nil {
		return err
	}
	if o.output == "json" {
		return printJSON(e.stdout, im)
	}
	_, err = fmt.Fprintf(e.stdout, "%s now points at %s\n", pos[1], im.Digest)
	return err
}
