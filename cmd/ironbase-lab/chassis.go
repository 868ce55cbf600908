package main

import (
	"context"
	"errors"
	"io"

	"github.com/ironbase/ironbase/testsuite/lab/chassis"
)

// runChassis is ipmi_sim's chassis_control: `chassis DIR get|set ...`.
func runChassis(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) < 3 {
		return &usageError{errors.New("usage: ironbase-lab chassis DIR get PARAM... | set PARAM VALUE")}
	}
	return chassis.Run(ctx, args[0], args[1:], stdout)
}
