package imaging

import (
	"context"
	"crypto/sha256"
	"errors"
	"hash"
	"io"
	"unsafe"
)

const (
	// chunkSize is the unit of reading, hashing and writing: large enough
	// that syscalls and channel hand-offs vanish next to sha256, and a
	// multiple of directAlign so that every chunk but the last can be
	// written with O_DIRECT.
	chunkSize = 4 << 20
	// chunkCount is how many chunks exist at once (the ring's size).
	chunkCount = 4
	// writebackEvery: when writing through the page cache, start writeback
	// of the temp file every so many bytes so that the final fsync does not
	// have to flush the whole blob.
	writebackEvery = 32 << 20
	// directAlign is the memory, offset and length alignment O_DIRECT
	// writes use; 4096 satisfies 512- and 4096-byte logical blocks.
	directAlign = 4096
)

// chunkSink takes the chunks of a stream, in order.
type chunkSink interface {
	write(b []byte) error
}

// errSinkFailed stops the reading stage once a write failed.
var errSinkFailed = errors.New("write stage failed")

// hashCopy streams r once through sha256 and, unless sink is nil, into
// sink, and returns the digest and the number of bytes. Three stages
// overlap on a ring of chunkCount buffers: the calling goroutine reads,
// one goroutine hashes and one writes, so sha256 (the most expensive
// stage once writes bypass the page cache) has a core to itself and sets
// the pace. A read error comes back as readErr, a write error as is.
func hashCopy(ctx context.Context, sink chunkSink, r io.Reader) (Digest, int64, error) {
	p := &pipeline{
		sink: sink, h: sha256.New(), failed: make(chan struct{}), done: make(chan error, 1),
		free: make(chan []byte, chunkCount), toHash: make(chan []byte, chunkCount), toWrite: make(chan []byte, chunkCount),
	}
	go p.hashChunks()
	go p.writeChunks()
	n, err := p.readChunks(ctx, r)
	close(p.toHash)
	werr := <-p.done // every chunk is hashed and written or dropped
	if err == nil || errors.Is(err, errSinkFailed) {
		err = werr
	}
	if err != nil {
		return "", n, err
	}
	return digestFromSum(p.h.Sum(nil)), n, nil
}

// pipeline is one hashCopy. Channels have room for every buffer, so no
// send ever blocks; only the reader waits, for a free buffer.
type pipeline struct {
	sink    chunkSink
	h       hash.Hash
	made    int           // buffers allocated so far
	free    chan []byte   // written (or dropped) buffers, for reuse
	toHash  chan []byte   // read, in order
	toWrite chan []byte   // hashed, in order
	failed  chan struct{} // closed by the writer on its first error
	done    chan error    // the writer's error once toWrite is drained
}

func (p *pipeline) readChunks(ctx context.Context, r io.Reader) (int64, error) {
	var n int64
	for {
		buf, err := p.buffer(ctx)
		if err != nil {
			return n, err
		}
		k, err := io.ReadFull(r, buf)
		if k > 0 {
			p.toHash <- buf[:k]
			n += int64(k)
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return n, nil
		}
		if err != nil {
			return n, readErr{err}
		}
	}
}

// buffer returns an empty buffer: a recycled one if any is free, a new one
// while fewer than chunkCount exist (small inputs allocate little), else
// the next one the writer frees.
func (p *pipeline) buffer(ctx context.Context) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	select {
	case <-p.failed:
		return nil, errSinkFailed
	case b := <-p.free:
		return b[:cap(b)], nil
	default:
	}
	if p.made < chunkCount {
		p.made++
		return alignedBuffer(chunkSize), nil
	}
	select {
	case <-p.failed:
		return nil, errSinkFailed
	case <-ctx.Done():
		return nil, ctx.Err()
	case b := <-p.free:
		return b[:cap(b)], nil
	}
}

func (p *pipeline) hashChunks() {
	for b := range p.toHash {
		_, _ = p.h.Write(b) // hash.Hash.Write never fails
		p.toWrite <- b
	}
	close(p.toWrite)
}

// writeChunks writes every hashed chunk to the sink until one write fails,
// then only recycles buffers.
func (p *pipeline) writeChunks() {
	var err error
	for b := range p.toWrite {
		if err == nil && p.sink != nil {
			if err = p.sink.write(b); err != nil {
				close(p.failed)
			}
		}
		p.free <- b
	}
	p.done <- err
}

// alignedBuffer returns n bytes starting at a multiple of directAlign in
// memory, as O_DIRECT requires.
func alignedBuffer(n int) []byte {
	b := make([]byte, n+directAlign)
	off := int(uintptr(unsafe.Pointer(&b[0])) & (directAlign - 1))
	if off != 0 {
		off = directAlign - off
	}
	return b[off : off+n : off+n]
}

// readErr marks an error from the caller's reader, as opposed to storage.
type readErr struct{ error }

func (e readErr) Unwrap() error { return e.error }
