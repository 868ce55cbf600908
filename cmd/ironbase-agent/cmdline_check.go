package main

import (
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// splitCmdline splits a kernel command line on blanks; double quotes group
// a value with blanks and are removed, as the kernel does.
func splitCmdline(line string) []string {
	var out []string
	var cur strings.Builder
	inQuote, have := false, false
	for _, r := range line {
		switch {
		case r == '"':
			inQuote, have = !inQuote, true
		case !inQuote && (r == ' ' || r == '\t' || r == '\n'):
			if have {
				out = append(out, cur.String())
				cur.Reset()
				have = false
			}
		default:
			cur.WriteRune(r)
			have = true
		}
	}
	if have {
		out = append(out, cur.String())
	}
	return out
}

func checkServer(v string) error {
	u, err := url.Parse(v)
	if err != nil {
		return fmt.Errorf("not a URL: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q: want http://HOST[:PORT] or https://…", v)
	}
	return nil
}

func checkHostName(v string) error {
	if v == "" || len(v) > 253 || strings.Trim(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") != "" {
		return fmt.Errorf("%q: want a host name (letters, digits, - _ .)", v)
	}
	return nil
}

func checkToken(v string) error {
	if len(v) < 8 || len(v) > 512 || strings.Trim(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~+/=") != "" {
		return errors.New("want a token of 8-512 URL-safe characters") // the value is a secret: not echoed
	}
	return nil
}

func checkSlot(v string) error {
	if v != "A" && v != "B" {
		return fmt.Errorf("%q: want A or B", v)
	}
	return nil
}

func checkImage(v string) error {
	hexPart, ok := strings.CutPrefix(v, "sha256:")
	b, err := hex.DecodeString(hexPart)
	if !ok || err != nil || len(b) != 32 || strings.ToLower(hexPart) != hexPart {
		return fmt.Errorf("%q: want sha256: and 64 lower-case hex digits", v)
	}
	return nil
}
