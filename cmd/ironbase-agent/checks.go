package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/ironbase/ironbase/testsuite"
)

// runChecks runs a checks file against this host: an admin's dry run of
// what the suite will say after a boot.
func runChecks(ctx context.Context, args []string, stdout io.Writer) error {
	var root, format string
	fs := newFlags("run-checks", &root)
	fs.StringVar(&format, "o", "text", "output: text or json")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || (format != "text" && format != "json") {
		return usageErr(errors.New("usage: run-checks [-o text|json] [--root DIR] FILE"))
	}
	suite, err := loadChecks(fs.Arg(0))
	if err != nil {
		return err
	}
	rep := (&testsuite.Runner{Env: testsuite.HostEnv(root)}).Run(ctx, suite)
	if format == "json" {
		err = writeJSON(stdout, rep)
	} else {
		err = writeReport(stdout, &rep)
	}
	if err == nil && rep.Status != testsuite.StatusPass {
		err = fmt.Errorf("suite %s (%s): %s", rep.Status, rep.Class, rep.Reason)
	}
	return err
}

func loadChecks(name string) (*testsuite.Suite, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, usageErr(fmt.Errorf("checks file: %w", err))
	}
	s, err := testsuite.ParseChecks(b)
	if err != nil {
		return nil, usageErr(fmt.Errorf("%s: %w", name, err))
	}
	return s, nil
}

// writeReport prints one line per check and a summary.
func writeReport(w io.Writer, rep *testsuite.Report) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, r := range rep.Results {
		detail := r.Observed
		if r.Status != testsuite.StatusPass {
			detail = "[" + string(r.Class) + "] " + r.Message
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", strings.ToUpper(string(r.Status)), r.Name, detail)
	}
	fmt.Fprintf(tw, "\n%d passed, %d failed, %d errors\n", rep.Passed, rep.Failed, rep.Errored)
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	return nil
}
