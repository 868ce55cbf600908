package main

import (
	"context"
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/ironbase/ironbase/provision/tftp"
)

// TestStormTFTPGet fetches files from ironbase's TFTP server on loopback:
// one that ends in a short block, one that needs a final empty block, one
// missing.
func TestStormTFTPGet(t *testing.T) {
	dir := t.TempDir()
	files := map[string]stormFile{}
	for name, size := range map[string]int64{"odd.bin": 100_000, "even.bin": 2 * stormBlksize} {
		f, err := stormRandomFile(filepath.Join(dir, name), size, byte(size))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = f
	}
	s, err := tftp.New(tftp.Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, conn) }()
	defer func() { cancel(); <-done }()
	addr := conn.LocalAddr().(*net.UDPAddr)
	for name, want := range files {
		t.Run(name, func(t *testing.T) {
			got, _, err := stormTFTPGet(addr, name)
			if err != nil {
				t.Fatal(err)
			}
			if got.Size != want.Size || got.Digest != want.Digest {
				t.Errorf("got %d bytes %s, want %d bytes %s", got.Size, got.Digest, want.Size, want.Digest)
			}
		})
	}
	if _, _, err := stormTFTPGet(addr, "missing.bin"); err == nil {
		t.Error("a missing file: got no error")
	}
}

func TestTFTPOACKBlksize(t *testing.T) {
	for opts, want := range map[string]int{
		"tsize\x0012\x00blksize\x001432\x00": 1432,
		"BLKSIZE\x008192\x00":                8192,
		"tsize\x0012\x00":                    512,
		"blksize\x00x\x00":                   512,
	} {
		if got := tftpOACKBlksize([]byte(opts), 512); got != want {
			t.Errorf("blksize of OACK %q = %d, want %d", opts, got, want)
		}
	}
}

func TestPct(t *testing.T) {
	var ds []time.Duration
	for i := 1; i <= 100; i++ {
		ds = append(ds, time.Duration(i))
	}
	if p50, p99 := pct(ds, 50), pct(ds, 99); p50 != 50 || p99 != 99 {
		t.Errorf("p50, p99 of 1..100 = %d, %d; want 50, 99", p50, p99)
	}
	if pct(nil, 50) != 0 {
		t.Error("pct of nothing is not 0")
	}
}
