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
	// A request queued before Serve turned on IP_PKTINFO gets 512-byte
	// blocks (tftp.Server.Serve); once one transfer is done, Serve has.
	if _, _, err := stormTFTPGet(addr, "even.bin"); err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		t.Run(name, func(t *testing.T) {
			got, st, err := stormTFTPGetStats(addr, name)
			if err != nil {
				t.Fatal(err)
			}
			if got.Size != want.Size || got.Digest != want.Digest {
				t.Errorf("got %d bytes %s, want %d bytes %s", got.Size, got.Digest, want.Size, want.Digest)
			}
			// The OACK, then every full block and one short (maybe empty) one.
			packets := 1 + int(want.Size/stormBlksize) + 1
			if !st.Kernel {
				t.Error("no kernel receive timestamps (SO_TIMESTAMPNS)")
			}
			if st.Retries == 0 && st.Exchanges != packets {
				t.Errorf("%d packets received, want %d", st.Exchanges, packets)
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

// TestStormTFTPClock splits waits between server and client from fixed
// send, kernel-arrival and read times.
func TestStormTFTPClock(t *testing.T) {
	t0 := time.Unix(1000, 0)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	var c stormTFTPClock
	c.kernel = true
	c.sent(at(0))                   // RRQ
	c.received(at(3), at(10))       // OACK: server 3 ms, client 7 ms
	c.sent(at(10))                  // ACK 0
	c.received(time.Time{}, at(12)) // no timestamp: all 2 ms are server
	c.sent(at(12))                  // ACK 1
	c.received(at(20), at(15))      // arrival after read: a clock step, no split
	c.received(at(14), at(16))      // a duplicate, queued since before the read at 15
	got := c.stats(2)
	want := stormTFTPStats{Retries: 2, Exchanges: 4, Server: 8 * time.Millisecond, Client: 9 * time.Millisecond, Kernel: true}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}
