package tftp

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"syscall"

	"github.com/pin/tftp/v3"
)

// readBuffer is how much of a file is read at once: one read per 64 KiB,
// not one per block. tsize does not need a Seeker: read calls SetSize.
const readBuffer = 64 << 10

// handler serves read requests from one directory and refuses writes.
type handler struct {
	dir     string   // Config.Dir, for log messages and escape checks
	root    *os.Root // every open goes through it
	log     *slog.Logger
	m       *metrics
	flights *flights
}

// read serves name, unless the request repeats one whose transfer to the
// same client port has just succeeded (see flights). Such a duplicate is
// dropped without a packet: an ERROR would end the client's good transfer.
// The library then leaves its socket to the garbage collector.
func (h *handler) read(name string, rf io.ReaderFrom) (err error) {
	ot, _ := rf.(tftp.OutgoingTransfer)
	log := h.log.With("remote", remoteOf(ot), "filename", name)
	if ot != nil {
		key := remoteOf(ot) + "\x00" + name
		f, first := h.flights.begin(key)
		if !first {
			h.m.transfers.WithLabelValues(resultDuplicate).Inc()
			log.Info("tftp: duplicate request dropped: the same client port has just received the file")
			return nil
		}
		defer func() { h.flights.end(key, f, err == nil) }()
	}
	return h.send(log, ot, name, rf)
}

func (h *handler) send(log *slog.Logger, ot tftp.OutgoingTransfer, name string, rf io.ReaderFrom) error {
	f, size, err := h.open(name)
	if err != nil {
		return h.refuse(log, err)
	}
	defer f.Close()
	if ot != nil {
		ot.SetSize(size)
	}
	n, err := rf.ReadFrom(bufio.NewReaderSize(f, readBuffer))
	h.m.bytes.Add(float64(n))
	log.Debug("tftp: read done", "bytes", n, "err", err)
	if err != nil {
		return fmt.Errorf("tftp: send %s: %w", name, err)
	}
	return nil
}

func (h *handler) write(name string, wt io.WriterTo) error {
	it, _ := wt.(tftp.IncomingTransfer)
	log := h.log.With("remote", remoteOf(it), "filename", name)
	return h.refuse(log, &refusal{reason: reasonWrite})
}

// open returns the regular file that name designates, with its size, or a
// *refusal. O_NONBLOCK keeps a FIFO from blocking the open.
func (h *handler) open(name string) (*os.File, int64, error) {
	rel, reason := checkFilename(name)
	if reason != "" {
		return nil, 0, &refusal{reason: reason}
	}
	f, err := h.root.OpenFile(rel, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, 0, &refusal{reason: openReason(h.dir, rel, err), err: err}
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = &refusal{reason: reasonNotRegular, err: fmt.Errorf("mode %v", fi.Mode())}
	}
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, fi.Size(), nil
}

// refuse counts and logs a refusal; the returned error goes to the client.
func (h *handler) refuse(log *slog.Logger, err error) error {
	r, ok := err.(*refusal)
	if !ok {
		r = &refusal{reason: reasonOpen, err: err}
	}
	h.m.refusals.WithLabelValues(r.reason).Inc()
	level := slog.LevelWarn
	if r.reason == reasonNotFound {
		level = slog.LevelInfo
	}
	if r.err != nil {
		log = log.With("err", r.err)
	}
	log.Log(context.Background(), level, "tftp: request refused", "reason", r.reason)
	return r
}

func remoteOf(t interface{ RemoteAddr() net.UDPAddr }) string {
	if t == nil {
		return ""
	}
	a := t.RemoteAddr()
	return a.String()
}
