package usage

import (
	"encoding/binary"
	"errors"
)

// Record tags and the segment magic.
const (
	magic     = "IBU1"
	tagTick   = 'T'
	tagProc   = 'P'
	tagWindow = 'W'
)

func putU(b []byte, v uint64) []byte { return binary.AppendUvarint(b, v) }
func putS(b []byte, v int64) []byte  { return binary.AppendVarint(b, v) }

// reader reads varints from a segment, remembering the first error.
type reader struct {
	b   []byte
	err error
}

var errShort = errors.New("truncated or malformed varint")

func (r *reader) u() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errShort
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) s() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = errShort
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) byte() byte {
	if r.err != nil || len(r.b) == 0 {
		r.err = errShort
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}
