package tftp

import (
	"path/filepath"
	"strings"
	"testing"
)

var filenameCases = []struct {
	name, rel, reason string
}{
	{"undionly.kpxe", "undionly.kpxe", ""},
	{"/undionly.kpxe", "undionly.kpxe", ""},
	{"efi/snponly.efi", "efi/snponly.efi", ""},
	{"pxelinux.cfg/01-aa-bb-cc-dd-ee-ff", "pxelinux.cfg/01-aa-bb-cc-dd-ee-ff", ""},
	{".hidden", ".hidden", ""},
	{"", "", reasonEmpty},
	{"/", "", reasonEmpty},
	{"../../etc/passwd", "", reasonDotDot},
	{"a/../../b", "", reasonDotDot},
	{"a/..", "", reasonDotDot},
	{"..", "", reasonDotDot},
	{"a..b", "", reasonDotDot},
	{"/../etc/passwd", "", reasonDotDot},
	{"//etc/passwd", "", reasonAbsolute},
	{"///etc/passwd", "", reasonAbsolute},
	{"C:/Windows/win.ini", "", reasonAbsolute},
	{"c:x", "", reasonAbsolute},
	{`C:\boot.ini`, "", reasonBackslash},
	{`..\..\etc\passwd`, "", reasonDotDot},
	{`\\server\share`, "", reasonBackslash},
	{`a\b`, "", reasonBackslash},
	{"a\x00b", "", reasonNUL},
	{"a\nb", "", reasonBadChar},
	{"a\x7fb", "", reasonBadChar},
	{"a\xffb", "", reasonBadChar},
	{".", "", reasonNotClean},
	{"./a", "", reasonNotClean},
	{"a//b", "", reasonNotClean},
	{"a/", "", reasonNotClean},
	{"a/./b", "", reasonNotClean},
	{strings.Repeat("a", maxNameLen), strings.Repeat("a", maxNameLen), ""},
	{strings.Repeat("a", maxNameLen+1), "", reasonTooLong},
}

func TestCheckFilename(t *testing.T) {
	for _, tc := range filenameCases {
		t.Run(short(tc.name), func(t *testing.T) {
			rel, reason := checkFilename(tc.name)
			if rel != tc.rel || reason != tc.reason {
				t.Errorf("checkFilename(%q) = %q, %q; want %q, %q",
					tc.name, rel, reason, tc.rel, tc.reason)
			}
		})
	}
}

// FuzzFilename checks the confinement property: whatever is accepted
// resolves strictly inside the served directory, with no ".." left.
func FuzzFilename(f *testing.F) {
	for _, tc := range filenameCases {
		f.Add(tc.name)
	}
	const root = "/srv/tftp"
	f.Fuzz(func(t *testing.T, name string) {
		rel, reason := checkFilename(name)
		if reason != "" {
			if rel != "" {
				t.Fatalf("refused %q (%s) but returned rel %q", name, reason, rel)
			}
			return
		}
		joined := filepath.Join(root, rel)
		if !strings.HasPrefix(joined, root+"/") {
			t.Fatalf("accepted %q resolves to %q, outside %s", name, joined, root)
		}
		if !filepath.IsLocal(rel) || strings.Contains(rel, "..") ||
			strings.ContainsAny(rel, "\x00\\") || len(rel) > maxNameLen {
			t.Fatalf("accepted %q as unsafe rel %q", name, rel)
		}
		if again, r := checkFilename(rel); again != rel || r != "" {
			t.Fatalf("rel %q of %q not accepted as itself: %q, %q", rel, name, again, r)
		}
	})
}
