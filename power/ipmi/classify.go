package ipmi

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/bougou/go-ipmi/pkg/client"
	"github.com/bougou/go-ipmi/pkg/types"

	"github.com/ironbase/ironbase/power"
)

// authStatus are RMCP+ status codes that mean "wrong user, role or
// password".
var authStatus = map[types.RmcpStatusCode]bool{
	types.RmcpStatusCodeInvalidRole:                true,
	types.RmcpStatusCodeUnauthorizedRoleOfPriLevel: true,
	types.RmcpStatusCodeInvalidNameLength:          true,
	types.RmcpStatusCodeUnauthorizedName:           true,
	types.RmcpStatusCodeInvalidIntegrityCheckValue: true,
}

// classify wraps a go-ipmi error with a power error kind.
func classify(err error) error {
	var rs *types.RmcpStatusError
	var re *types.ResponseError
	switch {
	case err == nil, errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.Is(err, client.ErrRAKPAuthentication), authText(err):
		return fmt.Errorf("%w: %w", power.ErrAuth, err)
	case errors.As(err, &rs) && authStatus[rs.StatusCode()]:
		return fmt.Errorf("%w: %w", power.ErrAuth, err)
	case errors.As(err, &re) && re.CompletionCode() == types.CodeInvalidCommand:
		return fmt.Errorf("%w: %w", power.ErrUnsupported, err)
	case errors.As(err, &re):
		return err // the BMC answered; retrying will not help
	}
	return fmt.Errorf("%w: %w", power.ErrUnreachable, err)
}

// authText spots an auth failure in an error whose chain go-ipmi flattened
// (Connect20 formats its per-suite errors with %v).
func authText(err error) bool {
	msg := err.Error()
	if strings.Contains(msg, client.ErrRAKPAuthentication.Error()) {
		return true
	}
	for code := range authStatus {
		if strings.Contains(msg, fmt.Sprintf("RMCP+ status %#02x", uint8(code))) {
			return true
		}
	}
	return false
}

// classifyConnect is classify for session setup. An IPMI v1.5 BMC stays
// silent when the password is wrong, so a timeout in Activate Session
// (after the BMC answered the earlier steps) is an auth failure.
func classifyConnect(intf power.Interface, err error) error {
	if intf == power.Lan && strings.Contains(err.Error(), "ActivateSession failed") {
		return fmt.Errorf("%w (no answer to Activate Session; wrong password?): %w", power.ErrAuth, err)
	}
	return classify(err)
}

// unreachedCaps reports a setup that failed before cipher suites mattered:
// the BMC did not answer Get Channel Authentication Capabilities.
func unreachedCaps(err error) bool {
	return strings.Contains(err.Error(), "Get Channel Authentication Capabilities")
}

func retryable(err error) bool {
	return errors.Is(err, power.ErrUnreachable)
}
