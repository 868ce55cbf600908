package dhcp

import (
	"context"
	"net"
	"sync"

	"golang.org/x/net/ipv4"
)

// outbox sends one conn's replies. A reply given while someone holds the
// outbox (the read loop handling a batch of packets, a backend answering
// a batch of commits, see [Together]) waits for the end of the hold and
// leaves with the others in one system call (sendmmsg); any other reply
// leaves at once.
type outbox struct {
	conn net.PacketConn
	pc   *ipv4.PacketConn // nil: one write per reply (not a UDP socket)
	bufs *bufPool
	fail func(dest net.Addr, err error)

	mu    sync.Mutex
	holds int
	queue []outgoing
	msgs  sync.Pool // *[]ipv4.Message for flushes
}

// outgoing is one encoded reply; sent runs once it left (or failed).
type outgoing struct {
	buf  *[]byte
	dest *net.UDPAddr
	sent func()
}

func newOutbox(c net.PacketConn, bufs *bufPool, fail func(dest net.Addr, err error)) *outbox {
	o := &outbox{conn: c, bufs: bufs, fail: fail}
	switch c := c.(type) {
	case *boundConn:
		o.pc = c.pc
	case *net.UDPConn:
		o.pc = ipv4.NewPacketConn(c)
	}
	return o
}

// hold makes replies wait for the matching release.
func (o *outbox) hold() {
	o.mu.Lock()
	o.holds++
	o.mu.Unlock()
}

// release ends a hold and sends everything that waited.
func (o *outbox) release() {
	o.mu.Lock()
	o.holds--
	q := o.queue
	o.queue = nil
	o.mu.Unlock()
	o.flush(q)
}

// send sends out now, or queues it while the outbox is held; out.sent
// runs once it left.
func (o *outbox) send(out outgoing) {
	o.mu.Lock()
	if o.holds > 0 {
		o.queue = append(o.queue, out)
		o.mu.Unlock()
		return
	}
	o.mu.Unlock()
	o.flush([]outgoing{out})
}

// flush sends q, with one sendmmsg per batch when it can.
func (o *outbox) flush(q []outgoing) {
	if len(q) == 0 {
		return
	}
	if o.pc == nil || len(q) == 1 {
		for _, out := range q {
			if _, err := o.conn.WriteTo(*out.buf, out.dest); err != nil {
				o.fail(out.dest, err)
			}
		}
	} else {
		o.writeBatch(q)
	}
	for _, out := range q {
		o.bufs.put(out.buf)
		out.sent()
	}
}

// writeBatch sends q with WriteBatch, retrying the rest after a partial
// write; a message that fails is reported and skipped.
func (o *outbox) writeBatch(q []outgoing) {
	mp, _ := o.msgs.Get().(*[]ipv4.Message)
	if mp == nil {
		mp = new([]ipv4.Message)
	}
	ms := (*mp)[:0]
	for _, out := range q {
		ms = append(ms, ipv4.Message{Buffers: [][]byte{*out.buf}, Addr: out.dest})
	}
	for i := 0; i < len(ms); {
		n, err := o.pc.WriteBatch(ms[i:], 0)
		if err != nil {
			o.fail(q[i].dest, err)
			n = 1 // the first unsent one failed: skip it
		}
		i += n
	}
	clear(ms)
	*mp = ms[:0]
	o.msgs.Put(mp)
}

// togetherKey is the context key of the outboxes Together holds.
type togetherKey struct{}

// Together runs fn, in which an AsyncBackend answers a batch of LeaseAsync
// requests (calls their done functions), and sends the replies they
// produce together, with one system call, once fn returns. ctx is the
// context the server passed to LeaseAsync; without one from a server,
// Together just runs fn.
func Together(ctx context.Context, fn func()) {
	boxes, _ := ctx.Value(togetherKey{}).([]*outbox)
	for _, o := range boxes {
		o.hold()
	}
	defer func() {
		for _, o := range boxes {
			o.release()
		}
	}()
	fn()
}
