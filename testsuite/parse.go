package testsuite

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Limits on a checks file.
const (
	MaxFileBytes = 1 << 20
	MaxChecks    = 1000
)

// ParseError is returned for a checks file that is malformed or invalid.
// The server maps it to an "invalid" domain error (HTTP 400).
type ParseError struct {
	// Check is the index of the offending check, or -1 for the file itself.
	Check int
	Name  string
	Err   error
}

func (e *ParseError) Error() string {
	switch {
	case e.Check < 0:
		return "checks file: " + e.Err.Error()
	case e.Name != "":
		return fmt.Sprintf("checks[%d] (%s): %v", e.Check, e.Name, e.Err)
	}
	return fmt.Sprintf("checks[%d]: %v", e.Check, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// ParseChecks reads a checks file strictly: unknown fields and trailing
// data are refused and every check is validated (Suite.Validate), so a
// file that parses will run. Unnamed checks are given their kind as name.
func ParseChecks(data []byte) (*Suite, error) {
	if len(data) > MaxFileBytes {
		return nil, fileError(fmt.Errorf("%d bytes, more than the limit of %d", len(data), MaxFileBytes))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s Suite
	if err := dec.Decode(&s); err != nil {
		return nil, fileError(fmt.Errorf("decode: %w", err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fileError(errors.New("trailing data after the top-level object"))
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	s.nameChecks()
	return &s, nil
}

func fileError(err error) error { return &ParseError{Check: -1, Err: err} }
