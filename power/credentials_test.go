package power

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestCredentialsRedacted(t *testing.T) {
	c := Credentials{Address: "10.0.0.5:623", User: "admin", Password: "hunter2-secret"}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "creds", c)
	slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "creds", c)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		fmt.Fprintf(&buf, verb+"\n", c)
	}
	fmt.Fprintf(&buf, "%v\n", []Credentials{c})
	out := buf.String()
	if strings.Contains(out, "hunter2") {
		t.Errorf("password leaked:\n%s", out)
	}
	if !strings.Contains(out, "REDACTED") || !strings.Contains(out, "10.0.0.5:623") {
		t.Errorf("want address and REDACTED in output:\n%s", out)
	}
}
