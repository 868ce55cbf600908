package ui

import (
	"cmp"
	"slices"
)

func sortByID(es []timelineEntry) {
	slices.SortFunc(es, func(a, b timelineEntry) int { return cmp.Compare(a.ID, b.ID) })
}
