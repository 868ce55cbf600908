package main

import (
	"flag"
	"io"
	"sort"
	"strings"
)

// newFlags makes a FlagSet whose errors come back instead of exiting.
func newFlags(name string, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("ironbase "+name, flag.ContinueOnError)
	fs.SetOutput(w)
	return fs
}

// parseArgs parses flags anywhere among the positional arguments
// (`host add NAME --mac M`) and returns the positional ones.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				return nil, err
			}
			return nil, usageErr("%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos, args = append(pos, args[0]), args[1:]
	}
}

// wantArgs checks the count of positional arguments.
func wantArgs(pos []string, n int, form string) error {
	if len(pos) != n {
		return usageErr("usage: ironbase %s", form)
	}
	return nil
}

// listFlag collects a repeatable flag (--mac, --tag).
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// noArgs parses flags for a command that takes no positional arguments.
func noArgs(fs *flag.FlagSet, args []string, form string) error {
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	return wantArgs(pos, 0, form+" [flags]")
}

func sortedStrings(s []string) []string {
	sort.Strings(s)
	return s
}
