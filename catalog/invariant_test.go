package catalog

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestFixedAddressesNeverMove is a tripwire on the catalog's own SQL. The
// DHCP server answers an enrolled host's REQUEST for its fixed address
// from memory (provision's leaseCache.fixedAck), which is right only while
// a host's fixed address is written once, by fixAddress, and a MAC never
// leaves its host: no statement may change hosts.ip otherwise, and none
// may update or delete host_macs or hosts rows. Whoever adds such a
// statement must first make the DHCP mirror hear of it.
func TestFixedAddressesNeverMove(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var src strings.Builder
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src.Write(b)
	}
	for _, c := range []struct {
		re   string
		want int
	}{
		{`(?is)update\s+hosts\s+set\s[^` + "`" + `]*?\bip\s*=`, 1}, // stSetHostIP, run by fixAddress
		{`(?is)(update|delete\s+from|insert\s+or\s+replace\s+into|replace\s+into)\s+host_macs\b`, 0},
		{`(?is)(delete\s+from|replace\s+into)\s+hosts\b`, 0},
	} {
		if n := len(regexp.MustCompile(c.re).FindAllString(src.String(), -1)); n != c.want {
			t.Errorf("%d statements match %s, want %d: see this test's comment", n, c.re, c.want)
		}
	}
}
