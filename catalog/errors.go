package catalog

import (
	"errors"
	"fmt"
)

// Kind classifies a domain error. Every layer above the catalog maps a Kind
// to its own vocabulary (HTTP status, CLI exit code) through the methods
// below, so the mapping lives in exactly one place.
type Kind int

// The error kinds. KindInternal is the zero value: an error that carries no
// kind is treated as internal.
const (
	KindInternal Kind = iota
	KindNotFound
	KindConflict
	KindInvalid
	KindTooLarge
	KindUnauthenticated
	KindForbidden
	KindUnavailable
)

var kindNames = [...]string{"internal", "not_found", "conflict", "invalid", "too_large", "unauthenticated", "forbidden", "unavailable"}

// String returns the wire name of the kind ("not_found", ...).
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return fmt.Sprintf("kind(%d)", int(k))
	}
	return kindNames[k]
}

// ParseKind is the inverse of String; unknown names are KindInternal.
func ParseKind(s string) Kind {
	for i, n := range kindNames {
		if n == s {
			return Kind(i)
		}
	}
	return KindInternal
}

// HTTPStatus is the HTTP status code for the kind.
func (k Kind) HTTPStatus() int {
	return [...]int{500, 404, 409, 400, 413, 401, 403, 503}[k.clamp()]
}

// ExitCode is the CLI exit code for the kind. 2 is shared with usage errors.
func (k Kind) ExitCode() int {
	return [...]int{1, 3, 4, 2, 2, 5, 5, 6}[k.clamp()]
}

func (k Kind) clamp() Kind {
	if k < 0 || int(k) >= len(kindNames) {
		return KindInternal
	}
	return k
}

// Error is a domain error: a kind and a message meant for the user.
type Error struct {
	Kind Kind
	Msg  string
	Err  error // optional cause
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Msg + ": " + e.Err.Error()
	}
	return e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds a domain error of kind k.
func Errorf(k Kind, format string, args ...any) error {
	return &Error{Kind: k, Msg: fmt.Sprintf(format, args...)}
}

// KindOf returns the kind of the first domain error in err's chain, or
// KindInternal when there is none.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// IsKind reports whether err carries kind k.
func IsKind(err error, k Kind) bool { return err != nil && KindOf(err) == k }
