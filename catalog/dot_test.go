package catalog

import (
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestStateGraphDocs keeps docs/*.dot in step with the transition tables.
func TestStateGraphDocs(t *testing.T) {
	for file, got := range map[string]string{
		"../docs/host-states.dot":  HostGraphDot(),
		"../docs/image-states.dot": ImageGraphDot(),
	} {
		if *update {
			if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("%v (run go test ./catalog -update)", err)
		}
		if string(want) != got {
			t.Errorf("%s is stale: run go test ./catalog -update", file)
		}
	}
}
