package main

import (
	"bytes"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestLogProgress: the plain progress log (index without a terminal)
// writes its first line one interval after the start, then at most one
// line per interval, with the counts of the latest update.
func TestLogProgress(t *testing.T) {
	tests := []struct {
		name    string
		every   time.Duration
		updates int
		lines   int
	}{
		{"first articles within the interval: no line", time.Hour, 3, 0},
		{"every update past a zero interval logs", 0, 3, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			p := newLogProgress(slog.New(slog.NewTextHandler(&buf, nil)), tt.every)
			for i := 1; i <= tt.updates; i++ {
				p.Update(i, 0, int64(i*100), 1000)
			}
			if got := strings.Count(buf.String(), "msg=indexing"); got != tt.lines {
				t.Errorf("%d log lines, want %d:\n%s", got, tt.lines, buf.String())
			}
		})
	}
}

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
