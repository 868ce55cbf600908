package dhcp

import (
	"fmt"
	"sync/atomic"

	"github.com/insomniacslk/dhcp/dhcpv4"
	"github.com/prometheus/client_golang/prometheus"
)

// Drop reasons, the values of the "reason" label of the drops counter.
const (
	dropTruncated     = "truncated"
	dropBadCookie     = "bad_cookie"
	dropBadOptions    = "bad_options"
	dropBadOpcode     = "bad_opcode"
	dropBadHWAddr     = "bad_hwaddr"
	dropNoMessageType = "no_message_type"
	dropWrongIface    = "wrong_interface"
	dropOverload      = "overload"
	dropStale         = "stale"
	dropNoAddress     = "no_address"
	dropBackend       = "backend_error"
	dropInternal      = "internal_error"
	dropSend          = "send_error"
)

// metrics are the server's Prometheus collectors.
type metrics struct {
	requests *prometheus.CounterVec
	replies  *prometheus.CounterVec
	drops    *prometheus.CounterVec
	rogue    prometheus.Counter

	reqByType, repByType [dhcpv4.MessageTypeInform + 2]atomic.Pointer[prometheus.Counter]
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ironbase_dhcp_requests_total",
			Help: "DHCP requests received, by message type.",
		}, []string{"type"}),
		replies: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ironbase_dhcp_replies_total",
			Help: "DHCP replies sent, by message type.",
		}, []string{"type"}),
		drops: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ironbase_dhcp_dropped_total",
			Help: "DHCP packets dropped without an answer, by reason.",
		}, []string{"reason"}),
		rogue: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ironbase_dhcp_rogue_servers_seen_total",
			Help: "Sightings of another DHCP server on the segment (full mode).",
		}),
	}
	for _, c := range []prometheus.Collector{m.requests, m.replies, m.drops, m.rogue} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("register dhcp metrics: %w", err)
		}
	}
	return m, nil
}

func (m *metrics) request(t dhcpv4.MessageType) { m.byType(m.requests, &m.reqByType, t).Inc() }
func (m *metrics) reply(t dhcpv4.MessageType)   { m.byType(m.replies, &m.repByType, t).Inc() }
func (m *metrics) drop(reason string)           { m.drops.WithLabelValues(reason).Inc() }

// byType returns vec's counter for t, looked up by label once per type:
// the label hash per packet was a visible share of answering one.
func (m *metrics) byType(vec *prometheus.CounterVec, cache *[dhcpv4.MessageTypeInform + 2]atomic.Pointer[prometheus.Counter], t dhcpv4.MessageType) prometheus.Counter {
	i := int(t)
	if t < dhcpv4.MessageTypeDiscover || t > dhcpv4.MessageTypeInform {
		i = len(cache) - 1 // OTHER
	}
	if c := cache[i].Load(); c != nil {
		return *c
	}
	c := vec.WithLabelValues(typeName(t))
	cache[i].Store(&c)
	return c
}

// typeName turns a message type into a bounded label value.
func typeName(t dhcpv4.MessageType) string {
	if t < dhcpv4.MessageTypeDiscover || t > dhcpv4.MessageTypeInform {
		return "OTHER"
	}
	return t.String()
}
