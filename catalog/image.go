package catalog

import (
	"encoding/json"
	"regexp"
	"time"
)

// Image is an OS image as the catalog tracks it: its manifest (kept by the
// imaging package, stored here verbatim), its artifacts and its state.
type Image struct {
	ID         int64           `json:"-"`
	Digest     string          `json:"digest"` // sha256:HEX of the canonical manifest
	Name       string          `json:"name"`
	Version    string          `json:"version,omitempty"`
	Arch       string          `json:"arch"`
	State      ImageState      `json:"state"`
	Forced     bool            `json:"forced,omitempty"`  // promoted without evidence
	Corrupt    bool            `json:"corrupt,omitempty"` // a blob failed its digest check
	Parent     string          `json:"parent,omitempty"`
	Artifacts  []Artifact      `json:"artifacts"`
	Tags       []string        `json:"tags"` // name:tag pointing here
	Manifest   json.RawMessage `json:"manifest"`
	CreatedAt  time.Time       `json:"created_at"`
	StateSince time.Time       `json:"state_since"`
}

// Artifact is one blob of an image.
type Artifact struct {
	Role     string `json:"role"`
	Position int    `json:"position,omitempty"` // layers: bottom first
	Digest   string `json:"digest"`
	Size     int64  `json:"size"`
	Source   string `json:"source,omitempty"`
}

// NewImage is what an import records. The caller (imaging) has already
// stored every artifact's blob and computed Digest from Manifest.
type NewImage struct {
	Digest    string
	Name      string
	Version   string
	Arch      string
	Parent    string
	Manifest  json.RawMessage
	Artifacts []Artifact
}

var (
	digestRE = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)
	tagRE    = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)
)

// ValidDigest checks the "sha256:<64 lower-case hex>" form.
func ValidDigest(d string) error {
	if !digestRE.MatchString(d) {
		return Errorf(KindInvalid, "invalid digest %q: want sha256:<64 lower-case hex>", d)
	}
	return nil
}

func (n NewImage) validate() error {
	if err := ValidDigest(n.Digest); err != nil {
		return err
	}
	if err := ValidName("image", n.Name); err != nil {
		return err
	}
	if n.Parent != "" {
		if err := ValidDigest(n.Parent); err != nil {
			return err
		}
	}
	for _, a := range n.Artifacts {
		if err := ValidDigest(a.Digest); err != nil {
			return err
		}
	}
	if !json.Valid(n.Manifest) {
		return Errorf(KindInvalid, "image %s: manifest is not JSON", n.Name)
	}
	return nil
}
