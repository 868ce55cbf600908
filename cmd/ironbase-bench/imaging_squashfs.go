package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/ironbase/ironbase/imaging"
)

func benchSquashfs(ctx context.Context, o imagingOptions, work string, stdout, stderr io.Writer) error {
	tree := filepath.Join(work, "tree")
	start := time.Now()
	st, err := makeTree(tree, o.treeMiB<<20)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nsquashfs: tree of %d MiB (%d files, %d dirs, %d symlinks) generated in %s\n",
		st.bytes>>20, st.files, st.dirs, st.links, round(time.Since(start)))
	out := filepath.Join(work, "out.squashfs")
	sizes := make([]int64, 3)
	cs := []contender{
		squashContender("mksquashfs -comp zstd", out, &sizes[0], mksquashfs(o.mksquashfs, tree, out)),
		squashContender("ironbase BuildSquashfs", out, &sizes[1], func(ctx context.Context) error {
			return imaging.BuildSquashfs(ctx, tree, out)
		}),
		squashContender("mksquashfs … level 3", out, &sizes[2], mksquashfs(o.mksquashfs, tree, out, "-Xcompression-level", "3")),
	}
	times, err := alternate(ctx, cs, 0, o.squashRounds)
	if err != nil {
		return err
	}
	printSquashfs(stdout, o, st, cs, times, sizes)
	return nil
}

// squashContender times build, records the output's size and removes it
// (untimed).
func squashContender(name, out string, size *int64, build func(context.Context) error) contender {
	return contender{name, func(ctx context.Context) (time.Duration, error) {
		defer os.Remove(out)
		start := time.Now()
		err := build(ctx)
		d := time.Since(start)
		if err != nil {
			return 0, err
		}
		fi, err := os.Stat(out)
		if err != nil {
			return 0, err
		}
		*size = fi.Size()
		return d, nil
	}}
}

// mksquashfs runs `mksquashfs TREE OUT -comp zstd -noappend` plus extra.
func mksquashfs(bin, tree, out string, extra ...string) func(context.Context) error {
	return func(ctx context.Context) error {
		args := append([]string{tree, out, "-comp", "zstd", "-noappend", "-no-progress", "-quiet"}, extra...)
		if b, err := exec.CommandContext(ctx, bin, args...).CombinedOutput(); err != nil {
			return fmt.Errorf("%w: %s", err, b)
		}
		return nil
	}
}
