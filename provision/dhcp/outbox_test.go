package dhcp

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"sync/atomic"
	"testing"
	"time"
)

// TestOutboxHoldsAndSendsTogether sends replies over loopback through an
// outbox: held ones wait for the release and then all arrive (one
// sendmmsg), an unheld one leaves at once; every sent callback runs once.
func TestOutboxHoldsAndSendsTogether(t *testing.T) {
	srv, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	cli, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	var bufs bufPool
	o := newOutbox(srv, &bufs, func(dest net.Addr, err error) { t.Errorf("send to %v: %v", dest, err) })
	dest := cli.LocalAddr().(*net.UDPAddr)
	var sent atomic.Int32
	msg := func(i int) outgoing {
		b := bufs.get()
		*b = append(*b, fmt.Sprintf("reply %d", i)...)
		return outgoing{buf: b, dest: dest, sent: func() { sent.Add(1) }}
	}
	ctx := context.WithValue(context.Background(), togetherKey{}, []*outbox{o})
	Together(ctx, func() {
		for i := range 5 {
			o.send(msg(i))
		}
		if got := sent.Load(); got != 0 {
			t.Errorf("%d replies left during the hold, want 0", got)
		}
	})
	o.send(msg(5))
	if got := sent.Load(); got != 6 {
		t.Errorf("sent callbacks: got %d, want 6", got)
	}
	buf := make([]byte, 100)
	for i := range 6 {
		_ = cli.SetReadDeadline(time.Now().Add(5 * time.Second))
		n, _, err := cli.ReadFrom(buf)
		if want := fmt.Sprintf("reply %d", i); err != nil || !bytes.Equal(buf[:n], []byte(want)) {
			t.Fatalf("packet %d: got %q, %v; want %q", i, buf[:n], err, want)
		}
	}
}

// TestTogetherWithoutServer just runs fn.
func TestTogetherWithoutServer(t *testing.T) {
	ran := false
	Together(context.Background(), func() { ran = true })
	if !ran {
		t.Fatal("fn did not run")
	}
}
