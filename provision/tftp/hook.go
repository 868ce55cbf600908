package tftp

import (
	"errors"
	"log/slog"
	"strings"

	"github.com/pin/tftp/v3"
)

// hook turns the library's per-transfer callbacks into metrics and logs.
type hook struct {
	m   *metrics
	log *slog.Logger
}

var _ tftp.Hook = (*hook)(nil)

func (h *hook) OnSuccess(st tftp.TransferStats) {
	h.m.transfers.WithLabelValues(resultOK).Inc()
	h.m.duration.Observe(st.Duration.Seconds())
	h.log.Info("tftp: transfer done", "remote", st.RemoteAddr.String(),
		"filename", st.Filename, "blksize", st.Opts["blksize"],
		"duration", st.Duration, "datagrams", st.DatagramsSent)
}

func (h *hook) OnFailure(st tftp.TransferStats, err error) {
	result := classify(st, err)
	switch result {
	case "":
		// A packet on the server port that starts no transfer, or a
		// failure to open the transfer's socket.
		h.m.refusals.WithLabelValues(reasonBadRequest).Inc()
		h.log.Warn("tftp: bad request", "err", err)
		return
	case resultTsizeProbe:
		h.log.Debug("tftp: tsize probe", "remote", st.RemoteAddr.String(),
			"filename", st.Filename, "tsize", st.Opts["tsize"])
	case resultFailed:
		h.log.Warn("tftp: transfer failed", "remote", st.RemoteAddr.String(),
			"filename", st.Filename, "err", err, "acked", st.DatagramsAcked)
	}
	h.m.transfers.WithLabelValues(result).Inc()
}

// classify names a failed transfer's result; "" means there was no
// transfer at all (the library reports those with empty stats).
func classify(st tftp.TransferStats, err error) string {
	var r *refusal
	switch {
	case errors.As(err, &r):
		return resultRefused
	case st.Filename == "" && st.RemoteAddr == nil:
		return ""
	case isTsizeProbe(st, err):
		return resultTsizeProbe
	}
	return resultFailed
}

// isTsizeProbe reports a client that asked for tsize and then sent an ERROR
// packet before acknowledging any block: the size query of UEFI and PXE
// ROMs. pin/tftp v3.1.0 reports a client's ERROR only as text:
// "sending block 0: code=8, error: ...".
func isTsizeProbe(st tftp.TransferStats, err error) bool {
	_, asked := st.Opts["tsize"]
	return asked && st.DatagramsAcked == 0 && err != nil &&
		strings.HasPrefix(err.Error(), "sending block 0: code=")
}
