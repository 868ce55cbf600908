package web

import (
	"net/http/httptest"
	"strings"
	"testing"

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
