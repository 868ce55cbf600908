package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"

	"github.com/ironbase/ironbase/testsuite/lab/image"
)

// runImage builds the lab image and prints the manifest's path.
func runImage(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("image", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cache := fs.String("cache", ".cache/lab", "cache directory (Debian packages, unpacked trees, images)")
	agent := fs.String("agent", "bin/ironbase-agent", "the static ironbase-agent (make build)")
	kernel := fs.String("kernel-package", "linux-image-amd64", "Debian package of the kernel")
	if err := fs.Parse(args); err != nil {
		return &usageError{err}
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	m, err := image.Build(ctx, image.Options{CacheDir: *cache, Agent: *agent, KernelPackage: *kernel, Logger: log})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "kernel %s (%s)\n%s\n", m.KernelRelease, m.KernelPackage, filepath.Join(*cache, "manifest.json"))
	return nil
}
