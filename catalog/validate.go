package catalog

import (
	"net"
	"regexp"
	"strings"
)

var nameRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?$`)

// ValidName checks a pool, host or token name: 1-64 characters of lower-case
// letters, digits, '.', '_' and '-', starting and ending alphanumeric. Names
// appear in URLs, file names and DHCP host names, so the rule is strict.
func ValidName(kind, name string) error {
	if !nameRE.MatchString(name) {
		return Errorf(KindInvalid, "invalid %s name %q: want 1-64 of a-z 0-9 . _ - (alphanumeric at both ends)", kind, name)
	}
	return nil
}

// ParseMAC normalises an Ethernet MAC address to lower-case colon form.
func ParseMAC(s string) (string, error) {
	hw, err := net.ParseMAC(strings.TrimSpace(s))
	if err != nil || len(hw) != 6 {
		return "", Errorf(KindInvalid, "invalid MAC address %q: want six hex octets such as 52:54:00:12:34:56", s)
	}
	return hw.String(), nil
}

var tagKeyRE = regexp.MustCompile(`^[a-z][a-z0-9_.-]{0,31}$`)

// ParseTag parses "key=value". Keys are short identifiers; values are
// 1-128 printable characters (only the first '=' splits).
func ParseTag(s string) (key, value string, err error) {
	k, v, ok := strings.Cut(s, "=")
	if !ok || !tagKeyRE.MatchString(k) || v == "" || len(v) > 128 || hasControl(v) {
		return "", "", Errorf(KindInvalid, "invalid tag %q: want key=value, key of a-z 0-9 _ . - (max 32), value 1-128 printable characters", s)
	}
	return k, v, nil
}

// ValidTags checks every key and value of a tag map.
func ValidTags(tags map[string]string) error {
	for k, v := range tags {
		if _, _, err := ParseTag(k + "=" + v); err != nil {
			return err
		}
	}
	return nil
}

func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return true
		}
	}
	return false
}
