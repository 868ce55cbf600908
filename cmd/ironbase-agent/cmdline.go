package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// BootParams are the ironbase.* parameters the server put on the kernel
// command line of this boot.
type BootParams struct {
	Server string `json:"server"` // http(s) URL of the ironbase server
	Host   string `json:"host"`
	Boot   string `json:"-"` // one-time boot token: a secret, never printed
	Slot   string `json:"slot"`
	Image  string `json:"image"` // sha256:…
}

// fields maps each parameter to its field and validator, in print order.
func (p *BootParams) fields() []bootField {
	return []bootField{
		{"ironbase.server", &p.Server, checkServer},
		{"ironbase.host", &p.Host, checkHostName},
		{"ironbase.boot", &p.Boot, checkToken},
		{"ironbase.slot", &p.Slot, checkSlot},
		{"ironbase.image", &p.Image, checkImage},
	}
}

type bootField struct {
	key   string
	dst   *string
	check func(string) error
}

// parseCmdline reads BootParams from a kernel command line, reporting every
// problem at once: missing, repeated, unknown and malformed parameters.
func parseCmdline(line string) (BootParams, error) {
	var p BootParams
	fields := p.fields()
	seen := map[string]bool{}
	var errs []error
	for _, arg := range splitCmdline(line) {
		key, val, _ := strings.Cut(arg, "=")
		if !strings.HasPrefix(key, "ironbase.") {
			continue
		}
		errs = append(errs, assign(fields, seen, key, val))
	}
	for _, f := range fields {
		if !seen[f.key] {
			errs = append(errs, fmt.Errorf("%s is missing", f.key))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return p, fmt.Errorf("kernel command line: %w", oneLineErr{err})
	}
	return p, nil
}

// oneLineErr prints joined errors on one line, separated by "; ".
type oneLineErr struct{ err error }

func (e oneLineErr) Error() string { return strings.ReplaceAll(e.err.Error(), "\n", "; ") }
func (e oneLineErr) Unwrap() error { return e.err }

func assign(fields []bootField, seen map[string]bool, key, val string) error {
	for _, f := range fields {
		if f.key != key {
			continue
		}
		if seen[key] {
			return fmt.Errorf("%s is given twice", key)
		}
		seen[key] = true
		if err := f.check(val); err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		*f.dst = val
		return nil
	}
	return fmt.Errorf("%s is not an ironbase parameter (a typo?)", key)
}

// MarshalJSON prints the parameters with the token redacted.
func (p BootParams) MarshalJSON() ([]byte, error) {
	type plain BootParams
	return json.Marshal(struct {
		plain
		Boot string `json:"boot"`
	}{plain(p), redact(p.Boot)})
}

func redact(secret string) string {
	if secret == "" {
		return ""
	}
	return "(redacted)"
}

// redactCmdline hides the boot token in a kernel command line that is
// about to be printed or sent: the server stores the hello.
func redactCmdline(line string) string {
	args := strings.Fields(line)
	for i, a := range args {
		if v, ok := strings.CutPrefix(a, "ironbase.boot="); ok && v != "" {
			args[i] = "ironbase.boot=" + redact(v)
		}
	}
	return strings.Join(args, " ")
}
