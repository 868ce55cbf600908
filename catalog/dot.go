package catalog

import (
	"fmt"
	"strings"
)

// HostGraphDot renders the host transition table as Graphviz dot.
func HostGraphDot() string {
	var b strings.Builder
	b.WriteString("// Generated from catalog/hoststate.go by `go test ./catalog -update`. Do not edit.\ndigraph host_states {\n\trankdir=LR;\n")
	for _, from := range HostStates() {
		for _, to := range from.Next() {
			fmt.Fprintf(&b, "\t%q -> %q;\n", from.String(), to.String())
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// ImageGraphDot renders the image transition table as Graphviz dot; forced
// edges are dashed.
func ImageGraphDot() string {
	var b strings.Builder
	b.WriteString("// Generated from catalog/imagestate.go by `go test ./catalog -update`. Do not edit.\ndigraph image_states {\n\trankdir=LR;\n")
	for _, from := range ImageStates() {
		for _, to := range from.Next() {
			style := ""
			if ImageForcedEdge(from, to) {
				style = ` [style=dashed, label="--force"]`
			}
			fmt.Fprintf(&b, "\t%q -> %q%s;\n", from.String(), to.String(), style)
		}
	}
	b.WriteString("}\n")
	return b.String()
}
