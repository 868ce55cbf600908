package ipmi

import (
	"testing"

	"github.com/ironbase/ironbase/testsuite/prereq"
)

// needSim returns the path of ipmi_sim, which the tests run as root.
func needSim(t *testing.T) string {
	t.Helper()
	path := prereq.Tool(t, "ipmi_sim", "openipmi")
	prereq.Root(t)
	return path
}
