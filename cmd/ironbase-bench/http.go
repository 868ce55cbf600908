package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/ironbase/ironbase/imaging"
)

// httpOptions are the flags of "ironbase-bench http".
type httpOptions struct {
	size                int64
	rounds, parRounds   int
	parallel            int
	ironbase, nginx     string
	curl                string
	work                string // this run's temp dir
	blob                imaging.Digest
	blobPath, nginxRoot string
}

// runHTTP serves one blob (1 GiB by default) from ironbase's artifact
// handler (`ironbase serve`, GET /boot/artifacts/sha256:HEX) and from nginx
// (sendfile on) over loopback, and downloads it with curl: once, and N
// times in parallel, alternating nginx and ironbase round by round after a
// warm-up each. Both must also pass a content check (sha256 of the whole
// body, ETag) and Range requests (206, Content-Range, the right bytes).
// The ratio is nginx median ÷ ironbase median (above 1: ironbase faster).
func runHTTP(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseHTTPFlags(args, stderr)
	if err != nil {
		return err
	}
	if o.work, err = workDir(ctx, "http", &o.ironbase); err != nil {
		return err
	}
	defer os.RemoveAll(o.work)
	if err := o.placeBlob(ctx, stderr); err != nil {
		return err
	}
	peers, stop, err := o.startHTTPPeers(ctx, stderr)
	if err != nil {
		return err
	}
	defer stop()
	fmt.Fprintf(stdout, "command: ironbase-bench http %s\n", strings.Join(args, " "))
	return o.runHTTPScenarios(ctx, peers, stdout)
}

func parseHTTPFlags(args []string, stderr io.Writer) (httpOptions, error) {
	var o httpOptions
	var mib int64
	fs := flag.NewFlagSet("http", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Int64Var(&mib, "size-mib", 1024, "size of the served blob in MiB")
	fs.IntVar(&o.rounds, "rounds", 7, "rounds of the single download (each server once per round)")
	fs.IntVar(&o.parRounds, "parallel-rounds", 3, "rounds of the parallel download")
	fs.IntVar(&o.parallel, "parallel", 8, "concurrent downloads of the parallel scenario (below 2: skip it)")
	fs.StringVar(&o.ironbase, "ironbase", "", "ironbase binary (default: go build ./cmd/ironbase into a temp dir)")
	fs.StringVar(&o.nginx, "nginx", "nginx", "nginx binary (Debian nginx-light)")
	fs.StringVar(&o.curl, "curl", "curl", "curl binary")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if mib < 1 || o.rounds < 1 || o.parRounds < 1 {
		return o, fmt.Errorf("want -size-mib ≥ 1, -rounds ≥ 1, -parallel-rounds ≥ 1")
	}
	o.size = mib << 20
	for _, t := range []struct {
		bin *string
		pkg string
	}{{&o.nginx, "nginx-light"}, {&o.curl, "curl"}} {
		p, err := exec.LookPath(*t.bin)
		if err != nil {
			return o, fmt.Errorf("%s not found (Debian package %s): %w", *t.bin, t.pkg, err)
		}
		*t.bin = p
	}
	return o, nil
}

// placeBlob ingests size random bytes into the image store of ironbase's
// data directory (what `ironbase image import` does with a kernel), and
// hard-links the same file into nginx's document root under the same URL
// path, so both servers read one inode from one page cache.
func (o *httpOptions) placeBlob(ctx context.Context, stderr io.Writer) error {
	store, err := imaging.OpenStore(filepath.Join(o.work, "data", "images"), nil)
	if err != nil {
		return err
	}
	start := time.Now()
	src := io.LimitReader(rand.NewChaCha8([32]byte{1}), o.size)
	b, err := store.Ingest(ctx, src, "")
	if err != nil {
		return fmt.Errorf("ingest the blob: %w", err)
	}
	fmt.Fprintf(stderr, "http: %d MiB blob %s ingested in %v\n", o.size>>20, b.Digest.Short(), time.Since(start).Round(time.Millisecond))
	o.blob = b.Digest
	if o.blobPath, err = store.Path(b.Digest); err != nil {
		return err
	}
	o.nginxRoot = filepath.Join(o.work, "nginx", "root")
	dir := filepath.Join(o.nginxRoot, "boot", "artifacts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.Link(o.blobPath, filepath.Join(dir, b.Digest.String()))
}

func (o *httpOptions) urlPath() string { return "/boot/artifacts/" + o.blob.String() }
