// Package ipmi is the IPMI-over-LAN power.Driver, built on
// github.com/bougou/go-ipmi/pkg/client.
//
// One Driver talks to one BMC with one client: calls are serialised (the
// library is not safe for concurrent use), the session is reused and
// re-established when the BMC stops answering it (for example after a BMC
// restart), failed exchanges are retried a bounded number of times with
// jittered backoff, and a rejected password is reported at once and not
// retried for Config.AuthHoldoff so that a fleet sweep cannot lock a BMC
// account out. lanplus is the default; the cipher suite is per BMC (automatic:
// try 17, fall back to 3 and remember what worked).
package ipmi
