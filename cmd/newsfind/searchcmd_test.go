package main

import (
	"io"
	"slices"
	"strings"
	"testing"
)

// TestParseInterspersed: flags may follow query words; after "--" every
// argument is a query word, including -words (must not).
func TestParseInterspersed(t *testing.T) {
	tests := []struct {
		args      []string
		words     []string
		speaker   string
		errSubstr string
	}{
		{[]string{"oil", "--speaker", "X", "gas"}, []string{"oil", "gas"}, "X", ""},
		{[]string{"--speaker", "X", "--", "oil", "-gas"}, []string{"oil", "-gas"}, "X", ""},
		{[]string{"oil", "--", "-gas", "--speaker", "Y"}, []string{"oil", "-gas", "--speaker", "Y"}, "", ""},
		{[]string{"--", "-gas"}, []string{"-gas"}, "", ""},
		{[]string{"oil", "-gas"}, nil, "", "put the query after --"},
		{[]string{"--spaeker", "X"}, nil, "", "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			fs := newFlagSet("search", io.Discard)
			speaker := fs.String("speaker", "", "")
			err := parseInterspersed(fs, tt.args)
			if tt.errSubstr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errSubstr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.errSubstr)
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
