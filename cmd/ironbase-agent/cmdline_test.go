package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var digest = "sha256:" + strings.Repeat("ab", 32)

func TestParseCmdline(t *testing.T) {
	line := `BOOT_IMAGE=/vmlinuz ro console="ttyS0,115200 n8" ironbase.server=https://ib.lab:8443/x ironbase.host=gpu-01 ironbase.boot=Zm9vYmFy-_x ironbase.slot=B ironbase.image=` + digest
	got, err := parseCmdline(line)
	if err != nil {
		t.Fatal(err)
	}
	want := BootParams{Server: "https://ib.lab:8443/x", Host: "gpu-01", Boot: "Zm9vYmFy-_x", Slot: "B", Image: digest}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	b, _ := json.Marshal(got)
	if strings.Contains(string(b), "Zm9v") || !strings.Contains(string(b), `"boot":"(redacted)"`) {
		t.Errorf("JSON leaks or lacks the token: %s", b)
	}
}

func TestParseCmdlineErrors(t *testing.T) {
	ok := "ironbase.server=http://s ironbase.host=h ironbase.boot=tokentoken ironbase.slot=A ironbase.image=" + digest
	tests := []struct{ name, line, want string }{
		{"empty", "", "kernel command line: ironbase.server is missing; ironbase.host is missing; ironbase.boot is missing; ironbase.slot is missing; ironbase.image is missing"},
		{"typo", strings.Replace(ok, "ironbase.server", "ironbase.sever", 1), "kernel command line: ironbase.sever is not an ironbase parameter (a typo?); ironbase.server is missing"},
		{"twice", ok + " ironbase.slot=B", "kernel command line: ironbase.slot is given twice"},
		{"scheme", strings.Replace(ok, "http://s", "ftp://s", 1), `kernel command line: ironbase.server: "ftp://s": want http://HOST[:PORT] or https://…`},
		{"host", strings.Replace(ok, "host=h", "host=a/b", 1), `kernel command line: ironbase.host: "a/b": want a host name (letters, digits, - _ .)`},
		{"token", strings.Replace(ok, "tokentoken", "short", 1), "kernel command line: ironbase.boot: want a token of 8-512 URL-safe characters"},
		{"slot", strings.Replace(ok, "slot=A", "slot=C", 1), `kernel command line: ironbase.slot: "C": want A or B`},
		{"image", strings.Replace(ok, digest, "sha256:abc", 1), `kernel command line: ironbase.image: "sha256:abc": want sha256: and 64 lower-case hex digits`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseCmdline(tt.line)
			if err == nil || err.Error() != tt.want {
				t.Errorf("got  %v\nwant %s", err, tt.want)
			}
		})
	}
}

func TestSplitCmdline(t *testing.T) {
	got := splitCmdline("a  b=\"c d\" \"e f\"g\n")
	if diff := cmp.Diff([]string{"a", "b=c d", "e fg"}, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

// FuzzParseCmdline: never panics, and an accepted line never leaks the
// token through JSON.
func FuzzParseCmdline(f *testing.F) {
	f.Add("ironbase.server=http://s ironbase.host=h ironbase.boot=tokentoken ironbase.slot=A ironbase.image=" + digest)
	f.Add(`ironbase.host="a b" ironbase.boot=`)
	f.Fuzz(func(t *testing.T, line string) {
		p, err := parseCmdline(line)
		if err != nil {
			return
		}
		// The printed form must not depend on the token at all: a token
		// may be a substring of the other fields ("0" in "http://0"), so
		// searching the JSON for it proves nothing.
		b, _ := json.Marshal(p)
		other := p
		other.Boot = "x" + p.Boot
		b2, _ := json.Marshal(other)
		if string(b) != string(b2) {
			t.Fatalf("JSON depends on the token: %s vs %s", b, b2)
		}
		if p.Boot != "" && !strings.Contains(string(b), `"boot":"(redacted)"`) {
			t.Fatalf("token not redacted: %s", b)
		}
	})
}
