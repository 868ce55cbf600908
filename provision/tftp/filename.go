package tftp

import (
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// maxNameLen is the longest filename accepted, in bytes.
const maxNameLen = 255

// Refusal reasons: the reason label of ironbase_tftp_refusals_total.
const (
	reasonEmpty      = "empty"
	reasonTooLong    = "too_long"
	reasonNUL        = "nul"
	reasonBadChar    = "bad_char"
	reasonBackslash  = "backslash"
	reasonDotDot     = "dotdot"
	reasonAbsolute   = "absolute"
	reasonNotClean   = "not_clean"
	reasonNotFound   = "not_found"
	reasonNotRegular = "not_regular"
	reasonEscape     = "symlink_escape"
	reasonOpen       = "open_failed"
	reasonWrite      = "write"
	reasonBadRequest = "bad_request"
)

// allReasons lists every refusal reason, so that each starts at zero.
var allReasons = []string{
	reasonEmpty, reasonTooLong, reasonNUL, reasonBadChar, reasonBackslash,
	reasonDotDot, reasonAbsolute, reasonNotClean, reasonNotFound,
	reasonNotRegular, reasonEscape, reasonOpen, reasonWrite, reasonBadRequest,
}

// checkFilename decides, from the name alone, whether a requested filename
// may be looked up under the served directory. It returns the path relative
// to that directory, or the reason for refusing it. Symbolic links are
// checked later, when the file is opened through an os.Root.
func checkFilename(name string) (rel, reason string) {
	if reason := checkChars(name); reason != "" {
		return "", reason
	}
	rel = strings.TrimPrefix(name, "/")
	switch {
	case rel == "":
		return "", reasonEmpty
	case strings.HasPrefix(rel, "/") || hasDrive(rel):
		return "", reasonAbsolute
	case rel == "." || filepath.Clean(rel) != rel || !filepath.IsLocal(rel):
		return "", reasonNotClean
	}
	return rel, ""
}

// checkChars applies the rules that look at the bytes of the name only.
func checkChars(name string) string {
	switch {
	case name == "":
		return reasonEmpty
	case len(name) > maxNameLen:
		return reasonTooLong
	case strings.Contains(name, ".."):
		return reasonDotDot
	case strings.ContainsRune(name, 0):
		return reasonNUL
	case strings.ContainsRune(name, '\\'):
		return reasonBackslash
	case !utf8.ValidString(name) || strings.ContainsFunc(name, isControl):
		return reasonBadChar
	}
	return ""
}

func isControl(r rune) bool {
	return r < 0x20 || r == 0x7f
}

// hasDrive reports a DOS drive prefix such as "C:".
func hasDrive(name string) bool {
	return len(name) >= 2 && name[1] == ':' &&
		('a' <= name[0]|0x20 && name[0]|0x20 <= 'z')
}
