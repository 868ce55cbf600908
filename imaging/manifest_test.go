package imaging

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

var update = flag.Bool("update", false, "rewrite golden files")

func sampleManifest() *Manifest {
	return &Manifest{
		Schema: ManifestSchema, Name: "debian-12-lab", Version: "2024.06", Arch: "x86_64",
		Artifacts: []Artifact{
			{Role: RoleChecks, Digest: DigestOf([]byte("checks")), Size: 6},
			{Role: RoleLayer, Digest: DigestOf([]byte("layer")), Size: 5, Source: "dir:/srv/nvidia-driver"},
			{Role: RoleRootfs, Digest: DigestOf([]byte("rootfs")), Size: 6, Source: "https://mirror.example/debian-12.sqfs"},
			{Role: RoleInitrd, Digest: DigestOf([]byte("initrd")), Size: 6, Source: "file:///boot/initrd.img"},
			{Role: RoleKernel, Digest: DigestOf([]byte("kernel")), Size: 6, Source: "file:///boot/vmlinuz"},
		},
		Cmdline:    "console=ttyS0,115200 quiet <&>",
		Parent:     DigestOf([]byte("parent manifest")),
		ImportedBy: "admin",
		ImportedAt: time.Date(2024, 6, 1, 12, 30, 0, 500, time.FixedZone("CEST", 2*3600)),
	}
}

func TestCanonicalGolden(t *testing.T) {
	got, err := sampleManifest().Canonical()
	if err != nil {
		t.Fatalf("Canonical: %v", err)
	}
	golden := filepath.Join("testdata", "manifest.golden.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("canonical encoding changed (image ids would change!)\n got: %s\nwant: %s", got, want)
	}
	assertSortedCompact(t, got)
}

// assertSortedCompact re-encodes b through a generic map (which Go writes
// with sorted keys and no whitespace) and wants the same bytes.
func assertSortedCompact(t *testing.T, b []byte) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	if got := bytes.TrimSpace(buf.Bytes()); !bytes.Equal(got, b) {
		t.Fatalf("not sorted and compact:\n got: %s\nwant: %s", b, got)
	}
}

func TestParseRoundTrip(t *testing.T) {
	m := sampleManifest()
	c, _ := m.Canonical()
	id, _ := m.ID()
	back, err := ParseManifest(c)
	if err != nil {
		t.Fatalf("ParseManifest(canonical): %v", err)
	}
	c2, _ := back.Canonical()
	id2, _ := back.ID()
	if !bytes.Equal(c, c2) || id != id2 {
		t.Fatalf("round trip changed the encoding:\n%s\n%s", c, c2)
	}
	if k, _ := back.Artifact(RoleKernel); back.Artifacts[0] != k || len(back.Layers()) != 1 {
		t.Fatalf("artifacts not in canonical order: %+v", back.Artifacts)
	}
	if n := len(back.Blobs()); n != 5 {
		t.Fatalf("Blobs() has %d digests, want 5", n)
	}
}

func TestParseRejects(t *testing.T) {
	good, _ := sampleManifest().Canonical()
	g := string(good)
	kernel := string(DigestOf([]byte("kernel")))
	tests := []struct{ name, in string }{
		{"empty", ``},
		{"not an object", `[]`},
		{"unknown key", strings.Replace(g, `"arch":`, `"colour":"red","arch":`, 1)},
		{"unknown artifact key", strings.Replace(g, `"role":"kernel"`, `"role":"kernel","sha":1`, 1)},
		{"key case", strings.Replace(g, `"name":`, `"Name":`, 1)},
		{"duplicate key", strings.Replace(g, `"name":`, `"name":"x","name":`, 1)},
		{"trailing data", g + `{}`},
		{"bad digest", strings.Replace(g, kernel, "sha256:"+strings.Repeat("A", 64), 1)},
		{"short digest", strings.Replace(g, kernel, kernel[:20], 1)},
		{"bad name", strings.Replace(g, `"debian-12-lab"`, `"Debian 12"`, 1)},
		{"name dash end", strings.Replace(g, `"debian-12-lab"`, `"lab-"`, 1)},
		{"bad arch", strings.Replace(g, `"x86_64"`, `"pdp11"`, 1)},
		{"schema", strings.Replace(g, `"schema":1`, `"schema":2`, 1)},
		{"no kernel", strings.Replace(g, `"role":"kernel"`, `"role":"layer"`, 1)},
		{"unknown role", strings.Replace(g, `"role":"kernel"`, `"role":"bios"`, 1)},
		{"negative size", strings.Replace(g, `"size":6`, `"size":-6`, 1)},
		{"float size", strings.Replace(g, `"size":6`, `"size":6.5`, 1)},
		{"cmdline newline", strings.Replace(g, `quiet`, `qu\niet`, 1)},
		{"bad time", strings.Replace(g, `2024-06-01T10:30:00.0000005Z`, `yesterday`, 1)},
		{"no importer", strings.Replace(g, `"imported_by":"admin"`, `"imported_by":""`, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.in == g {
				t.Fatalf("test case did not change the input")
			}
			m, err := ParseManifest([]byte(tt.in))
			if !catalog.IsKind(err, catalog.KindInvalid) {
				t.Fatalf("ParseManifest = %+v, %v; want kind invalid", m, err)
			}
		})
	}
}

func TestParseAcceptsNonCanonical(t *testing.T) {
	c, _ := sampleManifest().Canonical()
	var v map[string]any
	_ = json.Unmarshal(c, &v)
	pretty, _ := json.MarshalIndent(v, "", "  ")
	m, err := ParseManifest(pretty)
	if err != nil {
		t.Fatalf("ParseManifest(indented): %v", err)
	}
	if back, _ := m.Canonical(); !bytes.Equal(back, c) {
		t.Fatalf("indented input re-encodes to\n%s\nwant\n%s", back, c)
	}
}
