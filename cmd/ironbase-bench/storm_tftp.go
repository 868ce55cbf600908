package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"net"
	"os"
	"strconv"
	"time"
)

// TFTP opcodes (RFC 1350, 2347).
const (
	tftpRRQ   = 1
	tftpDATA  = 3
	tftpACK   = 4
	tftpERROR = 5
	tftpOACK  = 6
)

// stormTFTP is one read transfer as PXE firmware makes it: an RRQ asking
// for blksize (and tsize), an ACK of the OACK, then lock-step DATA/ACK;
// the last packet sent is repeated after each 1 s timeout, 6 times at
// most.
type stormTFTP struct {
	conn    *net.UDPConn
	server  *net.UDPAddr
	peer    *net.UDPAddr // the server's transfer port (TID), once known
	blksize int
	next    uint16 // the block expected next
	last    []byte // the last packet sent
	size    int64
	sum     hash.Hash
	Retries int
	clock   stormTFTPClock
}

const stormBlksize = 1432 // what BIOS PXE ROMs commonly ask for on a 1500 MTU

// stormTFTPGet fetches name from server (port 69 when unset) and returns
// its size and sha256 digest, and the retransmissions made.
func stormTFTPGet(server *net.UDPAddr, name string) (stormFile, int, error) {
	f, st, err := stormTFTPGetStats(server, name)
	return f, st.Retries, err
}

// stormTFTPGetStats is stormTFTPGet with the transfer's time split
// between the server and this client (see stormTFTPStats).
func stormTFTPGetStats(server *net.UDPAddr, name string) (stormFile, stormTFTPStats, error) {
	c, err := net.ListenUDP("udp4", nil)
	if err != nil {
		return stormFile{}, stormTFTPStats{}, err
	}
	defer c.Close()
	if server.Port == 0 {
		server = &net.UDPAddr{IP: server.IP, Port: 69}
	}
	t := &stormTFTP{conn: c, server: server, blksize: 512, next: 1, sum: sha256.New()}
	t.clock.kernel = stormEnableRxTimestamps(c) == nil
	err = t.run(tftpRRQPacket(name, stormBlksize))
	f := stormFile{Size: t.size, Digest: "sha256:" + hex.EncodeToString(t.sum.Sum(nil))}
	return f, t.clock.stats(t.Retries), err
}

func tftpRRQPacket(name string, blksize int) []byte {
	b := []byte{0, tftpRRQ}
	for _, s := range []string{name, "octet", "blksize", strconv.Itoa(blksize), "tsize", "0"} {
		b = append(append(b, s...), 0)
	}
	return b
}

func (t *stormTFTP) send(p []byte) error {
	t.last = p
	to := t.peer
	if to == nil {
		to = t.server
	}
	t.clock.sent(time.Now())
	_, err := t.conn.WriteToUDP(p, to)
	return err
}

func (t *stormTFTP) run(rrq []byte) error {
	if err := t.send(rrq); err != nil {
		return err
	}
	buf, oob := make([]byte, 65536), make([]byte, 128)
	for timeouts := 0; ; {
		t.conn.SetReadDeadline(time.Now().Add(time.Second)) //nolint:errcheck
		n, oobn, _, from, err := t.conn.ReadMsgUDP(buf, oob)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			if timeouts++; timeouts > 6 {
				return fmt.Errorf("tftp: no answer after %d timeouts (block %d)", timeouts-1, t.next)
			}
			t.Retries++
			if err := t.send(t.last); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		if t.peer == nil {
			t.peer = from
		} else if !from.IP.Equal(t.peer.IP) || from.Port != t.peer.Port {
			continue // another TID: not ours
		}
		timeouts = 0
		t.clock.received(stormRxTime(oob[:oobn]), time.Now())
		done, err := t.handle(buf[:n])
		if done || err != nil {
			return err
		}
	}
}

// handle processes one packet from the server; done is true after the
// last block was acknowledged.
func (t *stormTFTP) handle(p []byte) (bool, error) {
	if len(p) < 4 {
		return false, nil
	}
	op, num := binary.BigEndian.Uint16(p), binary.BigEndian.Uint16(p[2:])
	switch op {
	case tftpERROR:
		return false, fmt.Errorf("tftp: error %d: %s", num, bytes.TrimRight(p[4:], "\x00"))
	case tftpOACK:
		if t.next == 1 && t.size == 0 {
			t.blksize = tftpOACKBlksize(p[2:], t.blksize)
			return false, t.ack(0)
		}
	case tftpDATA:
		if num != t.next {
			return false, t.send(t.last) // a duplicate: repeat our last ACK
		}
		t.sum.Write(p[4:])
		t.size += int64(len(p) - 4)
		t.next++
		return len(p)-4 < t.blksize, t.ack(num)
	}
	return false, nil
}

func (t *stormTFTP) ack(n uint16) error {
	return t.send([]byte{0, tftpACK, byte(n >> 8), byte(n)})
}

// tftpOACKBlksize reads blksize from an OACK's option list.
func tftpOACKBlksize(opts []byte, def int) int {
	f := bytes.Split(bytes.TrimRight(opts, "\x00"), []byte{0})
	for i := 0; i+1 < len(f); i += 2 {
		if string(bytes.ToLower(f[i])) == "blksize" {
			if n, err := strconv.Atoi(string(f[i+1])); err == nil {
				return n
			}
		}
	}
	return def
}
