package imaging

import (
	"context"
	"crypto/sha256"
	"hash"
	"io"
	"os"
)

const (
	// chunkSize is the unit of reading, hashing and writing. Large enough
	// that syscall and channel overhead vanish next to sha256 (SHA-NI).
	chunkSize = 1 << 20
	// chunkCount is how many chunks are in flight.
	chunkCount = 8
	// writebackEvery: start writeback of the temp file every so many bytes
	// so that the final fsync does not have to flush the whole blob.
	writebackEvery = 32 << 20
)

// hashCopy streams r into f once and returns the sha256 digest and the
// number of bytes. The calling goroutine reads and writes; a second one
// hashes, chunks passing through it in order. Hashing is the most
// expensive stage, so on two cores it runs alone and sets the pace.
func hashCopy(ctx context.Context, f *os.File, r io.Reader) (Digest, int64, error) {
	toHash := make(chan []byte, chunkCount)
	hashed := make(chan []byte, chunkCount)
	h := sha256.New()
	go hashChunks(h, toHash, hashed)
	c := copier{f: f, hashed: hashed}
	err := c.run(ctx, r, toHash)
	close(toHash)
	for b := range hashed { // write what is still in flight, in order
		c.write(b)
	}
	if err == nil {
		err = c.err
	}
	if err != nil {
		return "", c.written, err
	}
	return digestFromSum(h.Sum(nil)), c.written, nil
}

func hashChunks(h hash.Hash, in <-chan []byte, out chan<- []byte) {
	for b := range in {
		_, _ = h.Write(b) // hash.Hash.Write never fails
		out <- b
	}
	close(out)
}

// copier reads chunks into buffers, sends them to be hashed and writes
// them to f when they come back. After a write error it stops writing.
type copier struct {
	f       *os.File
	hashed  <-chan []byte
	inUse   int // buffers allocated so far
	written int64
	kicked  int64
	err     error
}

// run reads r to EOF. It returns a read error (as readErr) or ctx's error;
// write errors are left in c.err.
func (c *copier) run(ctx context.Context, r io.Reader, toHash chan<- []byte) error {
	for c.err == nil {
		if err := ctx.Err(); err != nil {
			return err
		}
		buf := c.buffer()
		n, err := io.ReadFull(r, buf)
		if n > 0 {
			toHash <- buf[:n]
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil
		}
		if err != nil {
			return readErr{err}
		}
	}
	return nil
}

// buffer returns a fresh buffer while fewer than chunkCount exist, else
// the oldest hashed chunk's buffer once it is written.
func (c *copier) buffer() []byte {
	if c.inUse < chunkCount {
		c.inUse++
		return make([]byte, chunkSize)
	}
	b := <-c.hashed
	c.write(b)
	return b[:cap(b)]
}

func (c *copier) write(b []byte) {
	if c.err != nil {
		return
	}
	if _, err := c.f.Write(b); err != nil {
		c.err = err
		return
	}
	c.written += int64(len(b))
	if c.written-c.kicked >= writebackEvery {
		startWriteback(c.f, c.kicked, c.written-c.kicked)
		c.kicked = c.written
	}
}

// readErr marks an error from the caller's reader, as opposed to storage.
type readErr struct{ error }

func (e readErr) Unwrap() error { return e.error }
