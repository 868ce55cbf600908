package testsuite

import (
	"fmt"
	"strings"
)

// listMax is how many items a one-line message shows.
const listMax = 8

// shortList joins items for a one-line message: "a, b, c, … (+12 more)".
func shortList(items []string) string {
	if len(items) == 0 {
		return "none"
	}
	if len(items) <= listMax {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s, … (+%d more)", strings.Join(items[:listMax], ", "), len(items)-listMax)
}

// oneLine shortens s to its first line and at most n bytes.
func oneLine(s string, n int) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
