package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
)

// evalTargets are the accuracy evaluations under `newsfind eval NAME`; each
// registers itself from its own file with registerEval.
var evalTargets = map[string]command{}

func registerEval(c command) { evalTargets[c.name] = c }

func init() {
	register(command{name: "eval", summary: "measure extraction accuracy (eval ner FILE, eval quotes FILE)", run: runEval})
}

func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	names := make([]string, 0, len(evalTargets))
	for n := range evalTargets {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(args) == 0 {
		fmt.Fprintf(stderr, "usage: newsfind eval {%s} FILE\n", strings.Join(names, "|"))
		return errUsage
	}
	t, ok := evalTargets[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "newsfind eval: unknown evaluation %q (have %s)\n", args[0], strings.Join(names, ", "))
		return errUsage
	}
	return t.run(ctx, args[1:], stdout, stderr)
}
