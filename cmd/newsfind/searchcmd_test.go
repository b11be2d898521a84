package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newsfind/newsfind/schema"
	"github.com/newsfind/newsfind/search"
)

// TestParseInterspersed: flags may follow query words; after "--" every
// argument is a query word, including -words (must not). An undefined
// -flag gets the hint to put the query after "--" (it is most likely a word
// to exclude); other errors are flag's own.
func TestParseInterspersed(t *testing.T) {
	const hint = "put the query after --"
	tests := []struct {
		args      []string
		words     []string
		speaker   string
		errSubstr string
		hint      bool // the error has the hint
	}{
		{[]string{"oil", "--speaker", "X", "gas"}, []string{"oil", "gas"}, "X", "", false},
		{[]string{"--speaker", "X", "--", "oil", "-gas"}, []string{"oil", "-gas"}, "X", "", false},
		{[]string{"oil", "--", "-gas", "--speaker", "Y"}, []string{"oil", "-gas", "--speaker", "Y"}, "", "", false},
		{[]string{"--", "-gas"}, []string{"-gas"}, "", "", false},
		{[]string{"--speaker", "-gas", "oil"}, []string{"oil"}, "-gas", "", false}, // a flag's value
		{[]string{"--speaker=-gas", "oil"}, []string{"oil"}, "-gas", "", false},
		{[]string{"oil", "-gas"}, nil, "", "flag provided but not defined: -gas", true},
		{[]string{"-gas=1", "oil"}, nil, "", "flag provided but not defined: -gas", true},
		{[]string{"oil", "--json", "-gas"}, nil, "", "flag provided but not defined: -gas", true}, // after a boolean flag
		{[]string{"oil", "--speaker", "X", "-gas", "coal"}, nil, "", "flag provided but not defined: -gas", true},
		{[]string{"--size", "x", "-gas"}, nil, "", `invalid value "x" for flag -size`, false},
		{[]string{"oil", "--size"}, nil, "", "flag needs an argument: -size", false},
		{[]string{"oil", "-=x"}, nil, "", "bad flag syntax: -=x", false},
		{[]string{"--speaker", "-gas", "-=x"}, nil, "", "bad flag syntax: -=x", false},
		{[]string{"oil", "-h"}, nil, "", flag.ErrHelp.Error(), false},
		// A --flag is a typo, not a word to exclude (before, flag's message
		// wrote it with one dash, and the check for "--" in it never held).
		{[]string{"--spaeker", "X"}, nil, "", "flag provided but not defined: -spaeker", false},
		{[]string{"oil", "--gas=1"}, nil, "", "flag provided but not defined: -gas", false},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			fs := newFlagSet("search", io.Discard)
			speaker := fs.String("speaker", "", "")
			fs.Bool("json", false, "")
			fs.Int("size", 1, "")
			err := parseInterspersed(fs, tt.args)
			if tt.errSubstr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errSubstr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.errSubstr)
				}
				if got := strings.Contains(err.Error(), hint); got != tt.hint {
					t.Errorf("err = %v: hint %v, want %v", err, got, tt.hint)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := fs.Args(); !slices.Equal(got, tt.words) || *speaker != tt.speaker {
				t.Errorf("words %q speaker %q, want %q %q", got, *speaker, tt.words, tt.speaker)
			}
		})
	}
}

// TestUndefinedFlag: the index of the first argument flag would read as an
// undefined flag.
func TestUndefinedFlag(t *testing.T) {
	fs := newFlagSet("t", io.Discard)
	fs.String("speaker", "", "")
	fs.Bool("json", false, "")
	tests := []struct {
		args []string
		want int
	}{
		{nil, -1},
		{[]string{"oil", "-gas"}, -1}, // flags end at the first word
		{[]string{"-gas"}, 0},
		{[]string{"--gas"}, 0},
		{[]string{"--json", "-gas"}, 1},
		{[]string{"--json=false", "-gas"}, 1},
		{[]string{"--speaker", "-gas"}, -1},
		{[]string{"--speaker", "-gas", "-coal"}, 2},
		{[]string{"--speaker=-gas", "-coal"}, 1},
		{[]string{"--", "-gas"}, -1},
		{[]string{"-", "-gas"}, -1},
		{[]string{"-=x", "-gas"}, -1},
		{[]string{"---x"}, -1},
		{[]string{"-h"}, -1},
		{[]string{"--help", "-gas"}, -1},
	}
	for _, tt := range tests {
		if got := undefinedFlag(fs, tt.args); got != tt.want {
			t.Errorf("undefinedFlag(%q) = %d, want %d", tt.args, got, tt.want)
		}
	}
}

// TestCountFlagsAtLeastOne: count and limit flags below 1 are refused with
// one wording, before an index is opened.
func TestCountFlagsAtLeastOne(t *testing.T) {
	tests := []struct {
		run  func(context.Context, []string, io.Writer, io.Writer) error
		args []string
		want string
	}{
		{runSearch, []string{"--size", "0", "x"}, "--size 0: must be at least 1"},
		{runSearch, []string{"x", "--size", "-3"}, "--size -3: must be at least 1"},
		{runQuotes, []string{"--size", "0"}, "--size 0: must be at least 1"},
		{runSearch, []string{"--facet-size", "0", "x"}, "--facet-size 0: must be at least 1"},
		{runServe, []string{"--max-concurrent-searches", "-1"}, "--max-concurrent-searches -1: must be at least 1"},
		{runServe, []string{"--max-line-bytes", "0"}, "--max-line-bytes 0: must be at least 1"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "none")
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			err := tt.run(ctx, append([]string{"--index", dir}, tt.args...), io.Discard, io.Discard)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if _, err := os.Stat(dir); err == nil {
				t.Errorf("%s was created", dir)
			}
		})
	}
	if err := atLeastOne(intFlag{"a", 1}, intFlag{"b", 0}, intFlag{"c", -1}); err == nil || err.Error() != "--b 0: must be at least 1" {
		t.Errorf("atLeastOne: %v, want the first flag below 1", err)
	}
	if err := atLeastOne(); err != nil {
		t.Errorf("atLeastOne(): %v", err)
	}
}

// TestFacetNamesInHelp: --facets' help names every count the search
// package accepts, from the search package's own lists.
func TestFacetNamesInHelp(t *testing.T) {
	for _, tt := range []struct {
		name  string
		run   func(context.Context, []string, io.Writer, io.Writer) error
		names []string
	}{{"search", runSearch, search.ArticleFacets()}, {"quotes", runQuotes, search.QuoteFacets()}} {
		var help strings.Builder
		if err := tt.run(context.Background(), []string{"-h"}, io.Discard, &help); !errors.Is(err, flag.ErrHelp) {
			t.Fatalf("%s -h: %v", tt.name, err)
		}
		_, doc, _ := strings.Cut(help.String(), "-facets string")
		doc, _, _ = strings.Cut(doc, "default all")
		for _, n := range tt.names {
			if !strings.Contains(doc, n) {
				t.Errorf("%s --facets help %q lacks %q", tt.name, doc, n)
			}
		}
	}
	if got, want := facetNamesDoc([]string{"speaker", search.FacetHistogram}), "speaker, histogram (printed with --json)"; got != want {
		t.Errorf("facetNamesDoc = %q, want %q", got, want)
	}
}

// TestPrintHitsFacetOrder: the text output prints facets in
// schema.FacetFields' display order, each with its counts.
func TestPrintHitsFacetOrder(t *testing.T) {
	res := &search.Response{Facets: map[string][]search.FacetValue{}}
	for i, f := range schema.FacetFields {
		res.Facets[f] = []search.FacetValue{{Value: "v" + f, Count: i + 1}}
	}
	var out strings.Builder
	printHits(&out, res, false)
	var got []string
	for _, line := range strings.Split(out.String(), "\n") {
		if name, rest, ok := strings.Cut(line, ":"); ok && strings.Contains(rest, "v"+name+" (") {
			got = append(got, name)
		}
	}
	if !slices.Equal(got, schema.FacetFields) {
		t.Errorf("facet lines %q, want %q:\n%s", got, schema.FacetFields, out.String())
	}
}

// TestOpenInput: a path opens its file, "-" is stdin, which Close leaves
// open; a missing file is an error naming it.
func TestOpenInput(t *testing.T) {
	path := filepath.Join(t.TempDir(), "in.txt")
	if err := os.WriteFile(path, []byte("text"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := openInput(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(r)
	if err != nil || string(b) != "text" {
		t.Fatalf("read %q, %v", b, err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	in, err := openInput("-")
	if err != nil {
		t.Fatal(err)
	}
	if err := in.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stdin.Stat(); err != nil {
		t.Errorf("stdin closed by Close: %v", err)
	}
	missing := filepath.Join(t.TempDir(), "missing.txt")
	if _, err := openInput(missing); !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing file: %v", err)
	}
}
