package main

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ironbase/ironbase/provision/boot"
)

// render is ironbase's own script for s, so the parser is tested against
// what the server really sends.
func render(t *testing.T, s boot.Script) string {
	t.Helper()
	var b bytes.Buffer
	if err := boot.Render(&b, s); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestParseIPXEScript(t *testing.T) {
	k, i := stormFile{Digest: "sha256:aa"}, stormFile{Digest: "sha256:bb"}
	ironbase := render(t, boot.Script{Host: "storm-00001", MAC: "02:1b:00:00:00:01",
		Kernel: "http://10.64.0.1:8080/boot/artifacts/sha256:aa", Initrd: "http://10.64.0.1:8080/boot/artifacts/sha256:bb",
		Cmdline: "console=ttyS0 ironbase.server=http://10.64.0.1:8080 ironbase.host=storm-00001 ironbase.boot=TOK"})
	tests := []struct {
		name, script string
		want         ipxeBoot
	}{
		{"ironbase", ironbase, ipxeBoot{Kernel: "http://10.64.0.1:8080/boot/artifacts/sha256:aa",
			Initrd:  "http://10.64.0.1:8080/boot/artifacts/sha256:bb",
			Cmdline: "initrd=initrd console=ttyS0 ironbase.server=http://10.64.0.1:8080 ironbase.host=storm-00001 ironbase.boot=TOK"}},
		{"peer", stormPeerScript("http://h:1", k, i), ipxeBoot{Kernel: "http://h:1/boot/artifacts/sha256:aa",
			Initrd: "http://h:1/boot/artifacts/sha256:bb", Cmdline: "initrd=initrd console=ttyS0"}},
		{"options before the URL", "#!ipxe\n# comment\nkernel --name k --autofree http://x/k a=b\nimgfetch -n i http://x/i\n",
			ipxeBoot{Kernel: "http://x/k", Initrd: "http://x/i", Cmdline: "a=b"}},
		{"chain", "#!ipxe\nchain http://x/next.ipxe\n", ipxeBoot{Kernel: "http://x/next.ipxe"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseIPXEScript(tt.script)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("parse (-want +got):\n%s", d)
			}
		})
	}
}

func TestParseIPXEScriptRefuses(t *testing.T) {
	nothing := render(t, boot.Script{MAC: "02:1b:00:00:00:01", Reason: "this MAC is not enrolled"})
	for name, script := range map[string]string{
		"nothing to boot": nothing,
		"not iPXE":        "kernel http://x/k\n",
		"empty":           "",
		"kernel no URL":   "#!ipxe\nkernel --name k\n",
	} {
		t.Run(name, func(t *testing.T) {
			if got, err := parseIPXEScript(script); err == nil {
				t.Errorf("parse %q = %+v, want an error", script, got)
			}
		})
	}
}

func TestCmdlineParams(t *testing.T) {
	got := cmdlineParams("initrd=initrd quiet ironbase.server=http://a:1/x?y=z ironbase.boot=T")
	want := map[string]string{"initrd": "initrd", "ironbase.server": "http://a:1/x?y=z", "ironbase.boot": "T"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("params (-want +got):\n%s", d)
	}
}
