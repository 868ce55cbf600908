package main

import "testing"

func TestParseStat(t *testing.T) {
	line := "4242 (tmux: server (x)) S 1 4242 4242 0 -1 4194560 5210 0 0 0 123 45 0 0 20 0 1 0 98765 25165824 1234 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 3 0 0 0 0 0\n"
	f, err := parseStat([]byte(line))
	if err != nil {
		t.Fatal(err)
	}
	if string(f.comm) != "tmux: server (x)" || f.utime != 123 || f.stime != 45 || f.start != 98765 || f.vsizeBytes != 25165824 || f.rssPages != 1234 {
		t.Errorf("got %+v (comm %q)", f, f.comm)
	}
	for _, bad := range []string{"", "1 (x", "1 (x) S 1 2 3", "1 x) S"} {
		if _, err := parseStat([]byte(bad)); err == nil {
			t.Errorf("parseStat(%q) succeeded, want an error", bad)
		}
	}
}
