package tftp

import (
	"errors"
	"net"
	"testing"

	"github.com/pin/tftp/v3"
)

func TestClassify(t *testing.T) {
	remote := net.IPv4(127, 0, 0, 1)
	withTsize := tftp.TransferStats{RemoteAddr: remote, Filename: "f"}
	withTsize.Opts = map[string]string{"tsize": "100"}
	clientErr := errors.New("sending block 0: code=8, error: User aborted the transfer")
	timeout := errors.New("read udp 127.0.0.1:1: i/o timeout")
	acked := withTsize
	acked.DatagramsAcked = 3
	plain := tftp.TransferStats{RemoteAddr: remote, Filename: "f"}
	cases := []struct {
		name string
		st   tftp.TransferStats
		err  error
		want string
	}{
		{"refusal", plain, &refusal{reason: reasonDotDot}, resultRefused},
		{"no transfer", tftp.TransferStats{}, errors.New("unexpected tftp.pACK"), ""},
		{"tsize probe", withTsize, clientErr, resultTsizeProbe},
		{"timeout after OACK", withTsize, timeout, resultFailed},
		{"client error mid-transfer", acked, clientErr, resultFailed},
		{"client error without tsize", plain, clientErr, resultFailed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := classify(tc.st, tc.err); got != tc.want {
				t.Errorf("classify: got %q, want %q", got, tc.want)
			}
		})
	}
}
