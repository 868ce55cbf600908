package web

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/imaging"
)

func newImageFixture(t *testing.T) fixture {
	f := newFixture(t)
	st, err := imaging.OpenStore(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	f.srv.Close()
	f.srv = httptest.NewServer(New(Config{Catalog: f.store, Logger: testLogger(t), Blobs: st}))
	t.Cleanup(f.srv.Close)
	return f
}

func TestBlobUploadChecksDigest(t *testing.T) {
	f := newImageFixture(t)
	admin := f.tokens[catalog.RoleAdmin]
	good := imaging.DigestOf([]byte("kernel")).String()
	if code, body := f.call(t, "PUT", "/api/v1/blobs/"+good, admin, "kernel"); code != 201 {
		t.Fatalf("upload = %d %s", code, body)
	}
	other := imaging.DigestOf([]byte("other")).String()
	for _, tc := range []struct {
		name, method, path, token, body string
		code                            int
	}{
		{"bytes do not match the digest", "PUT", "/api/v1/blobs/" + other, admin, "not other", 400},
		{"malformed digest", "PUT", "/api/v1/blobs/sha256:xyz", admin, "x", 400},
		{"viewer may not upload", "PUT", "/api/v1/blobs/" + other, f.tokens[catalog.RoleViewer], "other", 403},
		{"mismatch left nothing", "GET", "/api/v1/blobs/" + other, admin, "", 404},
		{"stored blob", "GET", "/api/v1/blobs/" + good, f.tokens[catalog.RoleViewer], "", 200},
		{"image with a blob never uploaded", "POST", "/api/v1/images", admin,
			`{"name":"x","artifacts":[{"role":"kernel","digest":"` + good + `"},{"role":"initrd","digest":"` + other + `"}]}`, 400},
		{"image without an initrd", "POST", "/api/v1/images", admin,
			`{"name":"x","artifacts":[{"role":"kernel","digest":"` + good + `"}]}`, 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if code, body := f.call(t, tc.method, tc.path, tc.token, tc.body); code != tc.code {
				t.Fatalf("got %d %s, want %d", code, body, tc.code)
			}
		})
	}
	if _, body := f.call(t, "GET", "/api/v1/images", admin, ""); !strings.Contains(body, `"images": []`) {
		t.Errorf("refused imports recorded images: %s", body)
	}
}

func TestGCKeepsReferencedBlobs(t *testing.T) {
	f := newFixture(t)
	st, _ := imaging.OpenStore(t.TempDir(), nil)
	later := func() time.Time { return time.Now().Add(2 * gcGrace) } // past the upload grace period
	f.srv.Close()
	f.srv = httptest.NewServer(New(Config{Catalog: f.store, Logger: testLogger(t), Blobs: st, Now: later}))
	admin := f.tokens[catalog.RoleAdmin]
	var digests []string
	for _, body := range []string{"kernel", "initrd", "orphan"} {
		d := imaging.DigestOf([]byte(body)).String()
		f.call(t, "PUT", "/api/v1/blobs/"+d, admin, body)
		digests = append(digests, d)
	}
	code, body := f.call(t, "POST", "/api/v1/images", admin, `{"name":"x","artifacts":[{"role":"kernel","digest":"`+
		digests[0]+`"},{"role":"initrd","digest":"`+digests[1]+`"}]}`)
	if code != 201 {
		t.Fatalf("image = %d %s", code, body)
	}
	_, dry := f.call(t, "POST", "/api/v1/images/gc", admin, `{"dry_run":true}`)
	_, real := f.call(t, "POST", "/api/v1/images/gc", admin, `{}`)
	for _, out := range []string{dry, real} {
		if !strings.Contains(out, digests[2]) || strings.Contains(out, digests[0]) || strings.Contains(out, digests[1]) {
			t.Fatalf("gc reply %s: want only the orphan removed", out)
		}
	}
	if !st.Has(imaging.Digest(digests[0])) || st.Has(imaging.Digest(digests[2])) {
		t.Error("gc removed a referenced blob or kept the orphan")
	}
}
