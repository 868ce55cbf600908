package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/ironbase/ironbase/catalog"
)

const evil = `<script>alert("x")</script>`

// evilNames is the catalog with every host renamed to carry markup (the
// catalog itself refuses such names; a template must not rely on that).
type evilNames struct{ *catalog.Store }

func (e evilNames) ListHosts(ctx context.Context, f catalog.HostFilter) ([]catalog.Host, error) {
	hs, err := e.Store.ListHosts(ctx, f)
	for i := range hs {
		hs[i].Name = evil + hs[i].Name
		hs[i].Pool = evil
	}
	return hs, err
}

func (e evilNames) Host(ctx context.Context, name string) (catalog.Host, error) {
	h, err := e.Store.Host(ctx, strings.TrimPrefix(name, evil))
	h.Name = evil + h.Name
	return h, err
}

func TestTemplatesEscapeData(t *testing.T) {
	f := newFixture(t, func(s *catalog.Store) Catalog { return evilNames{s} })
	f.addHost(t, "n1", 1, map[string]string{"note": evil})
	if _, err := f.store.TransitionHost(t.Context(), "n1", catalog.HostTransition{To: catalog.HostMaintenance, Reason: evil, Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	b := f.login(t, catalog.RoleAdmin)
	for _, path := range []string{"/", "/hosts/n1", "/events", "/ui/frag/host/n1"} {
		t.Run(path, func(t *testing.T) {
			status, body := b.get(path)
			if status != 200 {
				t.Fatalf("status %d\n%s", status, body)
			}
			if strings.Contains(body, "<script>alert") {
				t.Errorf("markup from the catalog reached the page unescaped:\n%s", excerpt(body, "alert"))
			}
			if !strings.Contains(body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
				t.Errorf("the text is not shown escaped:\n%s", excerpt(body, "alert"))
			}
		})
	}
}

func excerpt(s, near string) string {
	i := strings.Index(s, near)
	if i < 0 {
		return "(not found)"
	}
	return s[max(0, i-120):min(len(s), i+120)]
}
