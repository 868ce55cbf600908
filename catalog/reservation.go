package catalog

import (
	"sort"
	"strings"
	"time"
)

// Reservation states.
const (
	ResPending   = "pending"
	ResActive    = "active"
	ResReleased  = "released"
	ResExpired   = "expired"
	ResCancelled = "cancelled"
)

// ReserveRequest is what a scheduler asks for.
type ReserveRequest struct {
	RequestID string            `json:"request_id"` // client-chosen; the same id returns the same reservation
	Pool      string            `json:"pool"`
	Arch      string            `json:"arch,omitempty"`
	Tags      map[string]string `json:"tags,omitempty"` // all must match
	Count     int               `json:"count"`          // all or nothing
	Duration  Duration          `json:"duration"`
	Priority  int               `json:"priority,omitempty"` // higher first; FIFO within a priority
	Image     string            `json:"image,omitempty"`    // explicitly ask for hosts booted on this candidate
}

// Reservation is a request and, once granted, its lease and hosts.
type Reservation struct {
	ID        int64             `json:"id"`
	RequestID string            `json:"request_id"`
	Client    string            `json:"client"`
	Pool      string            `json:"pool"`
	Arch      string            `json:"arch,omitempty"`
	Tags      map[string]string `json:"tags,omitempty"`
	Count     int               `json:"count"`
	Duration  Duration          `json:"duration"`
	Priority  int               `json:"priority,omitempty"`
	Image     string            `json:"image,omitempty"`
	State     string            `json:"state"`
	CreatedAt time.Time         `json:"created_at"`
	GrantedAt *time.Time        `json:"granted_at,omitempty"`
	ExpiresAt *time.Time        `json:"expires_at,omitempty"`
	EndedAt   *time.Time        `json:"ended_at,omitempty"`
	Hosts     []ReservedHost    `json:"hosts"`
}

// ReservedHost is one host of a granted reservation with the provenance of
// the base it got: what a CI system attaches to its results.
type ReservedHost struct {
	Host      string        `json:"host"`
	Slot      string        `json:"slot,omitempty"`
	Image     string        `json:"image,omitempty"`
	Kernel    string        `json:"kernel,omitempty"`
	Boot      int64         `json:"boot,omitempty"`
	Suite     string        `json:"suite,omitempty"` // pass
	Checks    []CheckResult `json:"checks,omitempty"`
	Candidate bool          `json:"candidate,omitempty"` // the reservation asked for a candidate image
}

// constraints is the JSON stored with a reservation.
type constraints struct {
	Arch string            `json:"arch,omitempty"`
	Tags map[string]string `json:"tags,omitempty"`
}

func (r ReserveRequest) validate(maxLease time.Duration) error {
	if r.RequestID == "" || len(r.RequestID) > 128 || hasControl(r.RequestID) {
		return Errorf(KindInvalid, "request id: want 1-128 printable characters")
	}
	if r.Count < 1 {
		return Errorf(KindInvalid, "count %d: want at least 1", r.Count)
	}
	if d := r.Duration.Std(); d <= 0 || d > maxLease {
		return Errorf(KindInvalid, "duration %s: want more than 0 and at most the pool's maximum lease %s", d, maxLease)
	}
	if r.Arch != "" && r.Arch != "x86_64" && r.Arch != "arm64" {
		return Errorf(KindInvalid, "arch %q: want x86_64 or arm64", r.Arch)
	}
	if r.Image != "" && !digestRE.MatchString(r.Image) {
		return Errorf(KindInvalid, "image %q: want a full digest sha256:<64 hex>", r.Image)
	}
	return ValidTags(r.Tags)
}

// sameAs reports whether a retried request asks for the same thing.
func (r ReserveRequest) sameAs(o Reservation) bool {
	return r.Pool == o.Pool && r.Arch == o.Arch && r.Count == o.Count && r.Duration == o.Duration &&
		r.Image == o.Image && tagKey(r.Tags) == tagKey(o.Tags)
}

func tagKey(tags map[string]string) string {
	keys := make([]string, 0, len(tags))
	for k, v := range tags {
		keys = append(keys, k+"="+v)
	}
	sort.Strings(keys)
	return strings.Join(keys, ",")
}
