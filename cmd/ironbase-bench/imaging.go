package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
)

// imagingOptions are the flags of "ironbase-bench imaging".
type imagingOptions struct {
	dir, streamDir           string
	sizeMiB, treeMiB         int64
	rounds, squashRounds     int
	warmup                   int
	openssl, mksquashfs      string
	opensslSeconds           int
	skipIngest, skipSquashfs bool
}

// runImaging is scenario 8 of BENCHMARKS.md and the squashfs build:
//
//   - ingest of one large random file, in three groups (see benchIngest):
//     streamed from a pipe into a store on tmpfs, stored durably on the
//     disk, and re-hashed by Verify; each against `openssl speed -evp
//     sha256` (CPU only, largest block size) and the matching command-line
//     peers, alternating, medians;
//   - imaging.BuildSquashfs of a generated tree of mixed files against
//     `mksquashfs DIR OUT -comp zstd -noappend`, alternating, medians.
//
// Everything (inputs, store, outputs) lives in one directory under -dir,
// on the same file system as the store, and is removed at the end; the
// streaming group's store lives under -stream-dir.
func runImaging(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o imagingOptions
	fs := flag.NewFlagSet("imaging", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.dir, "dir", "/var/tmp", "parent of the work directory (inputs, store, outputs)")
	fs.StringVar(&o.streamDir, "stream-dir", "", "parent of the store the streaming ingest writes to (default: -dir)")
	fs.Int64Var(&o.sizeMiB, "size-mib", 2048, "size of the random file to ingest, MiB")
	fs.IntVar(&o.rounds, "rounds", 5, "ingest rounds (each contender once per round)")
	fs.IntVar(&o.warmup, "warmup", 0, "untimed ingest rounds first (the input is page-cached once written)")
	fs.Int64Var(&o.treeMiB, "tree-mib", 500, "size of the generated tree for squashfs, MiB")
	fs.IntVar(&o.squashRounds, "squashfs-rounds", 3, "squashfs rounds (each builder once per round)")
	fs.StringVar(&o.openssl, "openssl", "openssl", "openssl binary")
	fs.IntVar(&o.opensslSeconds, "openssl-seconds", 1, "seconds per `openssl speed` run")
	fs.StringVar(&o.mksquashfs, "mksquashfs", "mksquashfs", "mksquashfs binary (Debian squashfs-tools)")
	fs.BoolVar(&o.skipIngest, "skip-ingest", false, "skip the ingest scenario")
	fs.BoolVar(&o.skipSquashfs, "skip-squashfs", false, "skip the squashfs scenario")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.streamDir == "" {
		o.streamDir = o.dir
	}
	work, err := os.MkdirTemp(o.dir, "ironbase-bench-imaging-")
	if err != nil {
		return fmt.Errorf("work directory: %w", err)
	}
	defer os.RemoveAll(work)
	printLoad(stdout, "start")
	if !o.skipIngest {
		if err := benchIngest(ctx, o, work, stdout, stderr); err != nil {
			return fmt.Errorf("ingest: %w", err)
		}
	}
	if !o.skipSquashfs {
		if err := benchSquashfs(ctx, o, work, stdout, stderr); err != nil {
			return fmt.Errorf("squashfs: %w", err)
		}
	}
	printLoad(stdout, "end")
	return nil
}

// printLoad prints /proc/loadavg: on a shared machine the figures mean
// little without it.
func printLoad(w io.Writer, when string) {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return
	}
	fmt.Fprintf(w, "load average (%s): %s", when, b)
}
