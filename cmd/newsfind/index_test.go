package main

import (
	"bytes"
	"log/slog"
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
