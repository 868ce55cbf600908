package catalog

import (
	"encoding/json"
	"time"
)

// Duration is a time.Duration that reads and writes JSON as a Go duration
// string ("30s", "24h0m0s") rather than nanoseconds.
type Duration time.Duration

// MarshalJSON writes the duration as a string.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// UnmarshalJSON reads a duration string.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return Errorf(KindInvalid, "duration: want a string such as \"30s\"")
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return Errorf(KindInvalid, "duration %q: %v", s, err)
	}
	*d = Duration(v)
	return nil
}

// Std returns the time.Duration.
func (d Duration) Std() time.Duration { return time.Duration(d) }
