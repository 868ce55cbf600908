package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"time"

	"golang.org/x/sys/unix"

	vlab "github.com/ironbase/ironbase/testsuite/lab"
)

// firmwareDir holds the captured client frames and the golden replies.
const firmwareDir = "../../provision/dhcp/testdata/firmware"

// rawSocket is an AF_PACKET socket for IPv4 frames on one interface of a
// network namespace: the capture on the lab's bridge, and the replay
// client, which must see replies sent to an address it does not have yet.
type rawSocket struct {
	fd      int
	ifindex int
}

func htons(v uint16) uint16 { return v<<8 | v>>8 }

// openRaw opens the socket inside namespace ns; reads time out after
// 200 ms so a reader can notice its context ending.
func openRaw(ns, ifname string) (*rawSocket, error) {
	s := &rawSocket{fd: -1}
	err := vlab.InNetns(ns, func() error {
		ifi, err := net.InterfaceByName(ifname)
		if err != nil {
			return err
		}
		s.ifindex = ifi.Index
		s.fd, err = unix.Socket(unix.AF_PACKET, unix.SOCK_RAW|unix.SOCK_CLOEXEC, int(htons(unix.ETH_P_IP)))
		if err != nil {
			return fmt.Errorf("AF_PACKET socket: %w", err)
		}
		tv := unix.NsecToTimeval((200 * time.Millisecond).Nanoseconds())
		if err := unix.SetsockoptTimeval(s.fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv); err != nil {
			return err
		}
		return unix.Bind(s.fd, &unix.SockaddrLinklayer{Protocol: htons(unix.ETH_P_IP), Ifindex: ifi.Index})
	})
	if err != nil {
		s.close()
		return nil, fmt.Errorf("raw socket on %s in %s: %w", ifname, ns, err)
	}
	return s, nil
}

// read returns one frame, or ok false after the read timeout.
func (s *rawSocket) read(buf []byte) (frame []byte, ok bool, err error) {
	n, _, err := unix.Recvfrom(s.fd, buf, 0)
	if errors.Is(err, unix.EAGAIN) || errors.Is(err, unix.EINTR) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return buf[:n], true, nil
}

// send transmits a whole Ethernet frame as it is.
func (s *rawSocket) send(frame []byte) error {
	if len(frame) < 14 {
		return errors.New("frame shorter than an Ethernet header")
	}
	to := &unix.SockaddrLinklayer{Ifindex: s.ifindex, Halen: 6, Protocol: htons(unix.ETH_P_IP)}
	copy(to.Addr[:], frame[:6])
	return unix.Sendto(s.fd, frame, 0, to)
}

func (s *rawSocket) close() {
	if s.fd >= 0 {
		unix.Close(s.fd)
		s.fd = -1
	}
}

// udpPayload returns the ports and payload of an Ethernet/IPv4/UDP frame.
func udpPayload(frame []byte) (src, dst int, payload []byte, ok bool) {
	if len(frame) < 14+20+8 || binary.BigEndian.Uint16(frame[12:14]) != 0x0800 {
		return 0, 0, nil, false
	}
	ip := frame[14:]
	ihl := int(ip[0]&0x0f) * 4
	if ip[0]>>4 != 4 || ip[9] != unix.IPPROTO_UDP || len(ip) < ihl+8 {
		return 0, 0, nil, false
	}
	total := int(binary.BigEndian.Uint16(ip[2:4]))
	if total > len(ip) || total < ihl+8 {
		return 0, 0, nil, false
	}
	udp := ip[ihl:total]
	return int(binary.BigEndian.Uint16(udp[0:2])), int(binary.BigEndian.Uint16(udp[2:4])), udp[8:], true
}
