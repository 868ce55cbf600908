package power

import (
	"fmt"
	"log/slog"
)

// Interface is the IPMI LAN flavour used to reach a BMC.
type Interface string

// IPMI interfaces. The zero value means lanplus.
const (
	Lanplus Interface = "lanplus" // IPMI v2.0 / RMCP+
	Lan     Interface = "lan"     // IPMI v1.5
)

// Credentials say how to reach and log in to one BMC. Format, String,
// GoString and LogValue never show the password.
type Credentials struct {
	Address   string    // host:port; port 623 if missing
	User      string    // BMC user name
	Password  string    // never logged
	Interface Interface // lanplus (default) or lan
	// CipherSuite is the RMCP+ cipher suite for lanplus. 0 means automatic:
	// try 17, fall back to 3, and remember what worked. Suite 0 (no
	// authentication) is deliberately not selectable.
	CipherSuite int
}

const redacted = "REDACTED"

func (c Credentials) shown() string {
	if c.Password == "" {
		return ""
	}
	return redacted
}

// String returns the credentials with the password redacted.
func (c Credentials) String() string {
	return fmt.Sprintf("{Address:%s User:%s Password:%s Interface:%s CipherSuite:%d}",
		c.Address, c.User, c.shown(), c.Interface, c.CipherSuite)
}

// GoString makes %#v redact the password too.
func (c Credentials) GoString() string {
	return "power.Credentials" + c.String()
}

// Format makes every verb (%v, %+v, %s, %q, %#v) go through String.
func (c Credentials) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, c.GoString())
		return
	}
	fmt.Fprint(f, c.String())
}

// LogValue implements slog.LogValuer with the password redacted.
func (c Credentials) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("address", c.Address),
		slog.String("user", c.User),
		slog.String("password", c.shown()),
		slog.String("interface", string(c.Interface)),
		slog.Int("cipher_suite", c.CipherSuite),
	)
}
