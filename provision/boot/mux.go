package boot

import "net/http"

// Mux routes the /boot/ tree: GET /boot/ipxe (scripts) and GET
// /boot/artifacts/{digest} (blobs). Either handler may be nil.
func Mux(scripts *Handler, artifacts *Artifacts) http.Handler {
	m := http.NewServeMux()
	if scripts != nil {
		m.Handle("GET /boot/ipxe", scripts)
	}
	if artifacts != nil {
		m.Handle("GET /boot/artifacts/{digest}", artifacts)
	}
	return m
}
