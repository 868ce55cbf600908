package testsuite

import (
	"context"
	"fmt"
)

// probe is a validated check ready to run.
type probe struct {
	kind     string
	expected string
	run      func(ctx context.Context, env *Env) outcome
}

// outcome is what a probe observed.
type outcome struct {
	status   Status
	class    Class
	observed string
	message  string
}

func passed(observed string) outcome {
	return outcome{status: StatusPass, observed: observed}
}

func failed(class Class, observed, format string, args ...any) outcome {
	return outcome{status: StatusFail, class: class, observed: observed, message: fmt.Sprintf(format, args...)}
}

func errored(class Class, format string, args ...any) outcome {
	return outcome{status: StatusError, class: class, message: fmt.Sprintf(format, args...)}
}

// readFailed turns an error reading the host into an outcome: the host is
// expected to expose what the check reads, so this is a base error.
func readFailed(what string, err error) outcome {
	return errored(ClassBase, "cannot read %s: %v", what, err)
}
