package testsuite

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzParseChecks: the parser never panics, and whatever it accepts
// re-encodes to a file it accepts again and runs without panicking.
func FuzzParseChecks(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/checks/*.json")
	for _, name := range seeds {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"checks": [{"command": {"argv": ["ok"], "exit_code": 0, "output": "(a|b)+"}, "timeout": "1s"}]}`))
	f.Add([]byte(`{"checks": [{"reachable": {"address": "[::1]:80"}}]}`))
	f.Add([]byte(`{"checks": [{"kernel_release": {"equals": "x"}, "module_loaded": {"name": "y"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseChecks(data)
		if err != nil {
			return
		}
		again, err := json.Marshal(s)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		if _, err := ParseChecks(again); err != nil {
			t.Fatalf("re-parse of %s: %v", again, err)
		}
		env := fixtureEnv("good")
		env.Dialer = blockingDialer{}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		defer cancel()
		(&Runner{Env: env}).Run(ctx, s)
	})
}
