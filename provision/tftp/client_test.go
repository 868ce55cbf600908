package tftp

import (
	"bytes"
	"encoding/binary"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/pin/tftp/v3"
)

// goGet fetches name with the pin/tftp client at the given blksize.
func goGet(t *testing.T, addr, name string, blksize int) ([]byte, error) {
	t.Helper()
	c, err := tftp.NewClient(addr)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	c.SetTimeout(2 * time.Second)
	c.SetRetries(2)
	if blksize > 512 {
		c.SetBlockSize(blksize)
	}
	wt, err := c.Receive(name, "octet")
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	_, err = wt.WriteTo(&buf)
	return buf.Bytes(), err
}

// probeTsize plays the UEFI size query: RRQ with tsize=0 and blksize
// 1468, read the OACK, abort with ERROR code 8. It returns the OACK.
func probeTsize(t *testing.T, addr, name string) map[string]string {
	t.Helper()
	// Unconnected: the server answers from a new port (the transfer ID).
	conn, server := rawClient(t, addr)
	send(t, conn, rrqPacket(name, "tsize", "0", "blksize", "1468"), server)
	oack, from := readOACK(t, conn)
	send(t, conn, append([]byte{0, 5, 0, 8}, "User aborted the transfer\x00"...), from)
	return oack
}

func readOACK(t *testing.T, conn *net.UDPConn) (map[string]string, net.Addr) {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 1024)
	n, from, err := conn.ReadFrom(buf)
	if err != nil {
		t.Fatalf("read OACK: %v", err)
	}
	if n < 2 || binary.BigEndian.Uint16(buf) != 6 {
		t.Fatalf("got packet % x, want an OACK", buf[:n])
	}
	f := strings.Split(strings.TrimSuffix(string(buf[2:n]), "\x00"), "\x00")
	opts := map[string]string{}
	for i := 0; i+1 < len(f); i += 2 {
		opts[f[i]] = f[i+1]
	}
	return opts, from
}
