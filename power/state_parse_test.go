package power

import (
	"errors"
	"testing"
)

func TestParseNames(t *testing.T) {
	for a, n := range actionNames {
		if got, err := ParseAction(n); err != nil || got != a {
			t.Errorf("ParseAction(%q) = %v, %v", n, got, err)
		}
	}
	if _, err := ParseAction("explode"); !errors.Is(err, ErrInvalid) {
		t.Errorf("ParseAction(explode) err = %v, want ErrInvalid", err)
	}
	for _, d := range []BootDevice{BootNone, BootPXE, BootDisk} {
		if got, err := ParseBootDevice(d.String()); err != nil || got != d {
			t.Errorf("ParseBootDevice(%q) = %v, %v", d, got, err)
		}
	}
	if _, err := ParseBootDevice("floppy"); !errors.Is(err, ErrInvalid) {
		t.Errorf("ParseBootDevice(floppy) err = %v, want ErrInvalid", err)
	}
}
