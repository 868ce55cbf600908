package tftp

import (
	"bytes"
	"encoding/binary"
	"net"
	"testing"
	"time"
)

// TestDuplicateRequestDropped plays a client whose RRQ is answered late,
// so that it sends the RRQ again: the second request must not start a
// second transfer to the same port.
func TestDuplicateRequestDropped(t *testing.T) {
	ts := startServer(t, t.TempDir())
	want := writeRandom(t, ts.dir, "d.bin", 5000)
	conn, server := rawClient(t, ts.addr)
	rrq := rrqPacket("d.bin", "blksize", "1024", "tsize", "0")
	send(t, conn, rrq, server)
	_, tid := readOACK(t, conn)
	send(t, conn, rrq, server)
	waitWaiters(t, ts, 1)
	if got := receiveData(t, conn, tid, 1024); !bytes.Equal(got, want) {
		t.Errorf("got %d bytes, differing from the %d sent", len(got), len(want))
	}
	ts.stop()
	checkCounter(t, "ok", ts.m.transfers.WithLabelValues(resultOK), 1)
	checkCounter(t, "duplicate", ts.m.transfers.WithLabelValues(resultDuplicate), 1)
	// Whatever the server sent is queued by now (stop waited for every
	// transfer); a deadline already past would not even look.
	conn.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	if n, from, err := conn.ReadFrom(make([]byte, 2048)); err == nil {
		t.Errorf("after the transfer: got %d bytes from %v, want nothing", n, from)
	}
}

// TestRequestAfterProbeServed plays a PXE ROM that sends its tsize probe
// and the real request from the same port: the second request waits for
// the probe to end and is then served.
func TestRequestAfterProbeServed(t *testing.T) {
	ts := startServer(t, t.TempDir())
	want := writeRandom(t, ts.dir, "p.bin", 3000)
	conn, server := rawClient(t, ts.addr)
	rrq := rrqPacket("p.bin", "tsize", "0", "blksize", "1024")
	send(t, conn, rrq, server)
	_, probe := readOACK(t, conn)
	send(t, conn, rrq, server)
	waitWaiters(t, ts, 1)
	send(t, conn, append([]byte{0, 5, 0, 8}, "abort\x00"...), probe)
	tid := skipFrom(t, conn, probe)
	if got := receiveData(t, conn, tid, 1024); !bytes.Equal(got, want) {
		t.Errorf("got %d bytes, differing from the %d sent", len(got), len(want))
	}
	ts.stop()
	checkCounter(t, "ok", ts.m.transfers.WithLabelValues(resultOK), 1)
	checkCounter(t, "tsize_probe", ts.m.transfers.WithLabelValues(resultTsizeProbe), 1)
	checkCounter(t, "duplicate", ts.m.transfers.WithLabelValues(resultDuplicate), 0)
}

func rawClient(t *testing.T, addr string) (*net.UDPConn, *net.UDPAddr) {
	t.Helper()
	server, err := net.ResolveUDPAddr("udp4", addr)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.ListenUDP("udp4", &net.UDPAddr{IP: server.IP})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn, server
}

func rrqPacket(name string, opts ...string) []byte {
	p := []byte{0, 1}
	for _, s := range append([]string{name, "octet"}, opts...) {
		p = append(append(p, s...), 0)
	}
	return p
}

func send(t *testing.T, conn *net.UDPConn, p []byte, to net.Addr) {
	t.Helper()
	if _, err := conn.WriteTo(p, to); err != nil {
		t.Fatal(err)
	}
}

// waitWaiters polls until n requests wait for a transfer in progress; the
// limit only keeps a broken server from hanging the test.
func waitWaiters(t *testing.T, ts *testServer, n int) {
	t.Helper()
	for limit := time.Now().Add(10 * time.Second); ts.flights.waiters() != n; {
		if time.Now().After(limit) {
			t.Fatalf("got %d requests waiting for a transfer in progress, want %d", ts.flights.waiters(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// skipFrom reads until a packet comes from another address than old and
// returns that address.
func skipFrom(t *testing.T, conn *net.UDPConn, old net.Addr) net.Addr {
	t.Helper()
	for {
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, from, err := conn.ReadFrom(make([]byte, 2048))
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		if from.String() != old.String() {
			return from
		}
	}
}

// receiveData acknowledges the OACK and every DATA block from tid and
// returns the file. Any packet from another address fails the test.
func receiveData(t *testing.T, conn *net.UDPConn, tid net.Addr, blksize int) []byte {
	t.Helper()
	send(t, conn, []byte{0, 4, 0, 0}, tid)
	var file []byte
	buf := make([]byte, blksize+4)
	for block := uint16(1); ; block++ {
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		n, from, err := conn.ReadFrom(buf)
		if err != nil {
			t.Fatalf("block %d: %v", block, err)
		}
		if from.String() != tid.String() || n < 4 || binary.BigEndian.Uint16(buf) != 3 {
			t.Fatalf("block %d: got % x from %v, want DATA from %v", block, buf[:min(n, 8)], from, tid)
		}
		file = append(file, buf[4:n]...)
		send(t, conn, []byte{0, 4, byte(block >> 8), byte(block)}, tid)
		if n < len(buf) {
			return file
		}
	}
}
