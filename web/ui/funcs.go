package ui

import (
	"fmt"
	"html/template"
	"maps"
	"slices"
	"strings"
	"time"
)

func templateFuncs(now func() time.Time) template.FuncMap {
	return template.FuncMap{
		"short":    shortDigest,
		"ago":      func(t time.Time) string { return human(now().Sub(t)) },
		"until":    func(t time.Time) string { return human(t.Sub(now())) },
		"dur":      human,
		"stamp":    func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05Z") },
		"iso":      func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"nowISO":   func() string { return now().UTC().Format(time.RFC3339) },
		"tags":     sortedTags,
		"deref":    func(t *time.Time) time.Time { return derefTime(t) },
		"mib":      func(n int64) string { return fmt.Sprintf("%d MiB", n) },
		"bytes":    humanBytes,
		"lower":    strings.ToLower,
		"hasPfx":   strings.HasPrefix,
		"percent":  func(n, of int) int { return percent(n, of) },
		"resTable": func(l []resView, csrf string) resTable { return resTable{List: l, CSRF: csrf} },
	}
}

// shortDigest is "sha256:" and the first 12 hex digits: enough to tell
// images apart on screen; the full digest is in the title attribute.
func shortDigest(d string) string {
	if hex, ok := strings.CutPrefix(d, "sha256:"); ok && len(hex) > 12 {
		return "sha256:" + hex[:12]
	}
	return d
}

// human is a duration as a lab admin reads it: 45s, 12m, 3h05m, 4d02h.
func human(d time.Duration) string {
	neg := d <= -time.Second // a clock a little apart is not "-0s"
	if d < 0 {
		d = -d
	}
	var s string
	switch {
	case d < time.Minute:
		s = fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		s = fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		s = fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	default:
		s = fmt.Sprintf("%dd%02dh", int(d.Hours())/24, int(d.Hours())%24)
	}
	if neg {
		return "-" + s
	}
	return s
}

func sortedTags(tags map[string]string) []string {
	out := make([]string, 0, len(tags))
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		out = append(out, k+"="+tags[k])
	}
	return out
}

func derefTime(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

func percent(n, of int) int {
	if of <= 0 {
		return 0
	}
	return min(100, n*100/of)
}

// resTable is a list of reservations with the CSRF token its forms need.
type resTable struct {
	List []resView
	CSRF string
}
