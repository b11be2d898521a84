package main

import (
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
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
