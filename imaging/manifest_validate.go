package imaging

import (
	"fmt"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/ironbase/ironbase/catalog"
)

// Arches are the architectures a manifest may name.
var arches = []string{"x86_64", "arm64"}

const (
	maxNameLen    = 64
	maxVersionLen = 64
	maxCmdline    = 4096
	maxSource     = 2048
	maxWho        = 128
	maxArtifacts  = 64
	maxBlobSize   = 1 << 50
)

// ValidateName checks an image name: 1-64 characters of lowercase letters,
// digits, '.', '_' and '-', starting and ending with a letter or digit
// ("debian-12-lab"). A tag is written NAME:TAG with a tag of the same form.
func ValidateName(name string) error {
	return checkIdent("name", name, maxNameLen, func(c byte) bool {
		return c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
	})
}

// checkIdent checks s: 1-max bytes of alnum (as decided by alnum) and
// ".-_", with an alnum at both ends.
func checkIdent(what, s string, max int, alnum func(byte) bool) error {
	if s == "" || len(s) > max {
		return catalog.Errorf(catalog.KindInvalid, "%s %q: want 1-%d characters", what, s, max)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		end := i == 0 || i == len(s)-1
		if !alnum(c) && (end || (c != '.' && c != '-' && c != '_')) {
			return catalog.Errorf(catalog.KindInvalid, "%s %q: character %q not allowed at %d", what, s, c, i)
		}
	}
	return nil
}

func alnumAnyCase(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// checkText accepts up to max bytes of printable UTF-8 (spaces allowed,
// control characters not); empty only when optional.
func checkText(what, s string, max int, optional bool) error {
	if s == "" && optional {
		return nil
	}
	if s == "" || len(s) > max || !utf8.ValidString(s) {
		return catalog.Errorf(catalog.KindInvalid, "%s: want 1-%d bytes of UTF-8", what, max)
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return catalog.Errorf(catalog.KindInvalid, "%s: unprintable character %U", what, r)
		}
	}
	return nil
}

// checkCmdline accepts printable ASCII only: what a kernel and an iPXE
// script can carry without surprises.
func checkCmdline(s string) error {
	if len(s) > maxCmdline {
		return catalog.Errorf(catalog.KindInvalid, "cmdline: longer than %d bytes", maxCmdline)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return catalog.Errorf(catalog.KindInvalid, "cmdline: byte %#x at %d is not printable ASCII", s[i], i)
		}
	}
	return nil
}

func checkArch(a string) error {
	if !slices.Contains(arches, a) {
		return catalog.Errorf(catalog.KindInvalid, "arch %q: want one of %v", a, arches)
	}
	return nil
}

func checkArtifact(i int, a Artifact) error {
	if _, ok := roleRank[a.Role]; !ok {
		return catalog.Errorf(catalog.KindInvalid, "artifact %d: unknown role %q", i, a.Role)
	}
	if !a.Digest.Valid() {
		return catalog.Errorf(catalog.KindInvalid, "artifact %d (%s): malformed digest %q", i, a.Role, a.Digest)
	}
	if a.Size < 0 || a.Size > maxBlobSize {
		return catalog.Errorf(catalog.KindInvalid, "artifact %d (%s): size %d out of range", i, a.Role, a.Size)
	}
	return checkText(fmt.Sprintf("artifact %d (%s) source", i, a.Role), a.Source, maxSource, true)
}
