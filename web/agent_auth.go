package web

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/ironbase/ironbase/catalog"
)

type bootKey struct{}

// hostHeader names the host the agent believes it is (ironbase.host). It
// is optional; when sent, a token of any other host is refused, so an
// agent booted with another host's parameters cannot report for it.
const hostHeader = "Ironbase-Host"

// agentCall is what auth learnt about the calling agent.
type agentCall struct {
	token string
	src   catalog.SuiteSource // the boot (Ticket) and where its suite comes from
	log   *slog.Logger        // with host and boot; never the token
}

func bootCall(ctx context.Context) agentCall {
	c, _ := ctx.Value(bootKey{}).(agentCall)
	return c
}

// auth runs h only for the boot token of a host's current boot. The check
// is a read made before the body is parsed, so a stale or foreign token is
// answered 401 whatever it sent; every write checks the token again in its
// own transaction (invariant 3), so a boot replaced meanwhile is refused
// there too.
func (a *agentAPI) auth(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearer(r)
		if !ok {
			writeError(w, a.log, catalog.Errorf(catalog.KindUnauthenticated,
				"missing boot token: send Authorization: Bearer BOOT-TOKEN"))
			return
		}
		src, err := a.store.BootSuite(r.Context(), token)
		if err != nil {
			a.log.Info("agent refused", "path", r.URL.Path, "remote", r.RemoteAddr, "err", err)
			writeError(w, a.log, err)
			return
		}
		if claim := r.Header.Get(hostHeader); claim != "" && claim != src.Ticket.Host {
			a.log.Warn("agent refused: boot token of another host", "claimed", claim, "host", src.Ticket.Host, "remote", r.RemoteAddr)
			writeError(w, a.log, catalog.Errorf(catalog.KindUnauthenticated, "boot token is not the current boot of host %s", claim))
			return
		}
		if rec, ok := w.(*statusRecorder); ok {
			rec.token = "boot:" + src.Ticket.Host
		}
		c := agentCall{token: token, src: src,
			log: a.log.With("host", src.Ticket.Host, "boot", src.Ticket.ID, "slot", src.Ticket.Slot)}
		h(w, r.WithContext(context.WithValue(r.Context(), bootKey{}, c)))
	}
}
