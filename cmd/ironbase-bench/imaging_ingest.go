package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/ironbase/ironbase/imaging"
)

// contender is one way of doing a benchmark's job. run does it once and
// returns the time it took; it cleans up after itself, untimed.
type contender struct {
	name string
	run  func(ctx context.Context) (time.Duration, error)
}

// alternate runs every contender once per round, in order, after warmup
// untimed rounds, flushing dirty pages (untimed) before each run so that
// one run's writeback does not land in the next one's time.
func alternate(ctx context.Context, cs []contender, warmup, rounds int) ([][]time.Duration, error) {
	times := make([][]time.Duration, len(cs))
	for r := -warmup; r < rounds; r++ {
		for i, c := range cs {
			syscall.Sync()
			d, err := c.run(ctx)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", c.name, err)
			}
			if r >= 0 {
				times[i] = append(times[i], d)
			}
		}
	}
	return times, nil
}

// ingestGroup is one table: contenders run alternately on the same bytes.
// cs[0] is `openssl speed` (the goal's yardstick) and cs[1] ironbase.
type ingestGroup struct {
	title, note string
	cs          []contender
}

// benchIngest runs three groups on one random file:
//
//   - stream: Store.Ingest reading a pipe fed by `cat` (as an HTTP body
//     arrives) into a store under -stream-dir (default: the disk, write +
//     fsync), against openssl and sha256sum hashing the same pipe. A store
//     on tmpfs is no way to take the disk out: tmpfs writes cost more
//     system time than O_DIRECT writes to a disk;
//   - durable: Store.Ingest of the file into a store on the disk (write +
//     fsync + rename) against dd conv=fsync (buffered and O_DIRECT), which
//     write without hashing, and cp + sync + sha256sum;
//   - verify: Store.Verify of the stored blob, evicted from the page cache
//     first, against sha256sum and openssl dgst of the evicted blob.
func benchIngest(ctx context.Context, o imagingOptions, work string, stdout, stderr io.Writer) error {
	size := o.sizeMiB << 20
	src := filepath.Join(work, "input.bin")
	start := time.Now()
	want, err := writeRandomBig(src, size, 1)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\ningest: %d MiB random file %s written in %s\n", o.sizeMiB, src, round(time.Since(start)))
	groups, cleanup, err := ingestGroups(o, work, src, want, size)
	defer cleanup()
	if err != nil {
		return err
	}
	for _, g := range groups {
		times, err := alternate(ctx, g.cs, o.warmup, o.rounds)
		if err != nil {
			return err
		}
		printIngest(stdout, o, g, times, size)
	}
	return nil
}

func ingestGroups(o imagingOptions, work, src, want string, size int64) ([]ingestGroup, func(), error) {
	streamRoot, err := os.MkdirTemp(o.streamDir, "ironbase-bench-stream-")
	if err != nil {
		return nil, func() {}, fmt.Errorf("stream store: %w", err)
	}
	cleanup := func() { os.RemoveAll(streamRoot) }
	streamStore, err := imaging.OpenStore(streamRoot, nil)
	if err != nil {
		return nil, cleanup, err
	}
	disk, err := imaging.OpenStore(filepath.Join(work, "store"), nil)
	if err != nil {
		return nil, cleanup, err
	}
	blob, err := storeOnce(filepath.Join(work, "verify-store"), src, imaging.Digest(want))
	if err != nil {
		return nil, cleanup, err
	}
	dst := filepath.Join(work, "copy.bin")
	return []ingestGroup{
		{"stream: from a pipe (cat FILE |) to a store on " + o.streamDir + ", write + fsync",
			"openssl dgst and sha256sum hash the same pipe and write nothing",
			[]contender{opensslContender(o, size), streamIngestContender(streamStore, src, want),
				pipeHashContender("cat | openssl dgst -sha256", src, want, o.openssl, "dgst", "-sha256", "-r"),
				pipeHashContender("cat | sha256sum", src, want, "sha256sum")}},
		{"durable: FILE (page-cached) to a store on " + o.dir + ", write + fsync",
			"dd and cp write without hashing; cp + sync FILE + sha256sum has Ingest's durability",
			[]contender{opensslContender(o, size), ingestContender(disk, src, want),
				ddContender("dd conv=fsync (no hash)", src, dst),
				ddContender("dd oflag=direct conv=fsync", src, dst, "oflag=direct"),
				cpShaContender(src, dst, want, true)}},
		{"verify: re-hash the stored blob, evicted from the page cache first",
			"everyone reads the same blob from disk",
			[]contender{opensslContender(o, size), verifyContender(blob),
				fileHashContender("sha256sum BLOB", blob, want, "sha256sum"),
				fileHashContender("openssl dgst -sha256 BLOB", blob, want, o.openssl, "dgst", "-sha256", "-r"),
				ddContender("dd iflag=direct (no hash)", blob.path, os.DevNull, "iflag=direct")}},
	}, cleanup, nil
}

// storedBlob is the blob the verify group re-hashes.
type storedBlob struct {
	store *imaging.Store
	d     imaging.Digest
	path  string
}

func storeOnce(root, src string, want imaging.Digest) (storedBlob, error) {
	s, err := imaging.OpenStore(root, nil)
	if err != nil {
		return storedBlob{}, err
	}
	f, err := os.Open(src)
	if err != nil {
		return storedBlob{}, err
	}
	defer f.Close()
	if _, err := s.Ingest(context.Background(), f, want); err != nil {
		return storedBlob{}, err
	}
	p, err := s.Path(want)
	return storedBlob{s, want, p}, err
}

// ingestContender stores src with Store.Ingest, checks the digest, and
// removes the blob (untimed) so every round writes a new one.
func ingestContender(s *imaging.Store, src, want string) contender {
	return contender{"ironbase Store.Ingest", func(ctx context.Context) (time.Duration, error) {
		f, err := os.Open(src)
		if err != nil {
			return 0, err
		}
		defer f.Close()
		return timedIngest(ctx, s, f, want)
	}}
}

// streamIngestContender is Store.Ingest reading `cat src` through a pipe.
func streamIngestContender(s *imaging.Store, src, want string) contender {
	return contender{"ironbase Store.Ingest", func(ctx context.Context) (time.Duration, error) {
		start := time.Now()
		r, wait, err := pipeFrom(ctx, src)
		if err != nil {
			return 0, err
		}
		_, err = timedIngest(ctx, s, r, want)
		d := time.Since(start)
		if werr := wait(); err == nil && werr != nil {
			err = fmt.Errorf("cat: %w", werr)
		}
		return d, err
	}}
}

// timedIngest times s.Ingest(r), checks the digest and removes the blob.
func timedIngest(ctx context.Context, s *imaging.Store, r io.Reader, want string) (time.Duration, error) {
	start := time.Now()
	b, err := s.Ingest(ctx, r, "")
	d := time.Since(start)
	if err != nil {
		return 0, err
	}
	if b.Digest != imaging.Digest(want) {
		return 0, fmt.Errorf("digest %s, want %s", b.Digest, want)
	}
	return d, s.Remove(b.Digest)
}

// verifyContender evicts the blob from the page cache, then times
// Store.Verify.
func verifyContender(b storedBlob) contender {
	return contender{"ironbase Store.Verify", func(ctx context.Context) (time.Duration, error) {
		if err := evict(b.path); err != nil {
			return 0, err
		}
		start := time.Now()
		err := b.store.Verify(ctx, b.d)
		return time.Since(start), err
	}}
}
