package catalog

import "fmt"

// ImageState is where an image is in its promotion pipeline
// (DESIGN.md "Slots and staged upgrades").
type ImageState int

// The image states. The zero value is not a state.
const (
	ImageImported ImageState = iota + 1
	ImageCandidate
	ImageVerified
	ImagePromoted
	ImageSuperseded
	ImageFailed
	ImageRevoked
	ImageRetired
)

var imageStateNames = map[ImageState]string{
	ImageImported: "imported", ImageCandidate: "candidate", ImageVerified: "verified",
	ImagePromoted: "promoted", ImageSuperseded: "superseded", ImageFailed: "failed",
	ImageRevoked: "revoked", ImageRetired: "retired",
}

// imageEdges is the one transition table for images. candidate → promoted
// exists only for a forced promotion (ImageForcedEdge).
var imageEdges = map[ImageState][]ImageState{
	ImageImported:   {ImageCandidate, ImageRetired},
	ImageCandidate:  {ImageVerified, ImageFailed, ImagePromoted, ImageRetired},
	ImageVerified:   {ImagePromoted, ImageFailed, ImageRetired},
	ImagePromoted:   {ImageSuperseded, ImageRevoked},
	ImageSuperseded: {ImagePromoted, ImageRetired},
	ImageFailed:     {ImageRetired},
	ImageRevoked:    {ImageRetired},
	ImageRetired:    nil,
}

// ImageForcedEdge reports whether from → to is allowed only when forced:
// promoting a candidate without verification evidence.
func ImageForcedEdge(from, to ImageState) bool {
	return from == ImageCandidate && to == ImagePromoted
}

// ImageStates lists every image state in pipeline order.
func ImageStates() []ImageState {
	out := make([]ImageState, 0, len(imageStateNames))
	for s := ImageImported; s <= ImageRetired; s++ {
		out = append(out, s)
	}
	return out
}

func (s ImageState) String() string {
	if n, ok := imageStateNames[s]; ok {
		return n
	}
	return fmt.Sprintf("ImageState(%d)", int(s))
}

// ParseImageState parses a state name.
func ParseImageState(name string) (ImageState, error) {
	for s, n := range imageStateNames {
		if n == name {
			return s, nil
		}
	}
	return 0, Errorf(KindInvalid, "unknown image state %q", name)
}

// CanTransition reports whether from → to is an edge of the image graph
// (forced edges included; see ImageForcedEdge).
func (s ImageState) CanTransition(to ImageState) bool {
	for _, e := range imageEdges[s] {
		if e == to {
			return true
		}
	}
	return false
}

// Next lists the states reachable from s in one step.
func (s ImageState) Next() []ImageState { return append([]ImageState(nil), imageEdges[s]...) }

// MarshalText encodes the state by name.
func (s ImageState) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText decodes a state name.
func (s *ImageState) UnmarshalText(b []byte) error {
	v, err := ParseImageState(string(b))
	*s = v
	return err
}
