package dhcp

import (
	"net"

	"golang.org/x/net/ipv4"
)

// readBatch is how many packets one read takes at most. Under load the
// socket holds many; reading them with one recvmmsg saves a system call
// and a trip through the poller for each.
const readBatch = 32

// packetSource yields the packets of a conn a batch at a time: read
// blocks until at least one arrived and says how many; packet returns the
// i-th, with ok false when it came from an interface we do not serve. A
// packet's bytes are valid until the next read.
type packetSource interface {
	read() (int, error)
	packet(i int) (b []byte, src net.Addr, ok bool)
}

// newPacketSource reads c in batches when it is a UDP socket (one made by
// Listen also reports each packet's interface), one packet at a time
// otherwise (an in-memory fake).
func newPacketSource(c net.PacketConn) packetSource {
	switch c := c.(type) {
	case *boundConn:
		return newBatchReader(c.pc, c.ifIndex)
	case *net.UDPConn:
		return newBatchReader(ipv4.NewPacketConn(c), 0)
	}
	return &singleReader{c: c, buf: make([]byte, maxPacket)}
}

// batchReader reads with recvmmsg (ipv4.PacketConn.ReadBatch).
type batchReader struct {
	pc      *ipv4.PacketConn
	ifIndex int // 0: any interface
	ms      []ipv4.Message
	cm      ipv4.ControlMessage // reused: Parse fills it in place
}

func newBatchReader(pc *ipv4.PacketConn, ifIndex int) *batchReader {
	r := &batchReader{pc: pc, ifIndex: ifIndex, ms: make([]ipv4.Message, readBatch)}
	bufs := make([]byte, readBatch*maxPacket)
	for i := range r.ms {
		r.ms[i].Buffers = [][]byte{bufs[i*maxPacket : (i+1)*maxPacket]}
		if ifIndex != 0 {
			r.ms[i].OOB = ipv4.NewControlMessage(ipv4.FlagInterface)
		}
	}
	r.cm.Dst = make(net.IP, net.IPv4len)
	return r
}

func (r *batchReader) read() (int, error) { return r.pc.ReadBatch(r.ms, 0) }

func (r *batchReader) packet(i int) ([]byte, net.Addr, bool) {
	m := &r.ms[i]
	b := m.Buffers[0][:m.N]
	if r.ifIndex == 0 {
		return b, m.Addr, true
	}
	r.cm.IfIndex = 0
	if m.NN > 0 && r.cm.Parse(m.OOB[:m.NN]) != nil {
		return b, m.Addr, false
	}
	// No interface reported: the socket is bound to ours (SO_BINDTODEVICE).
	return b, m.Addr, r.cm.IfIndex == 0 || r.cm.IfIndex == r.ifIndex
}

// singleReader reads one packet per call, from any net.PacketConn.
type singleReader struct {
	c   net.PacketConn
	buf []byte
	n   int
	src net.Addr
}

func (r *singleReader) read() (int, error) {
	n, src, err := r.c.ReadFrom(r.buf)
	if err != nil {
		return 0, err
	}
	r.n, r.src = n, src
	return 1, nil
}

func (r *singleReader) packet(int) ([]byte, net.Addr, bool) { return r.buf[:r.n], r.src, true }
