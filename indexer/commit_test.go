package indexer

import (
	"context"
	"strings"
	"testing"

	"github.com/newsfind/newsfind/internal/store"
)

// A store that fails makes Run return its error, and every record after
// the failure is reported as not stored (none is acknowledged), in order.
func TestRunStoreFailure(t *testing.T) {
	st, err := store.Open("", store.Options{Shards: 2})
	if err != nil {
		t.Fatal(err)
	}
	ix := New(st, capsExtractor{}, Options{BatchSize: 2})
	st.Close() // every Apply now fails
	var lines []string
	for i := 0; i < 7; i++ {
		lines = append(lines, `{"body":"Alice `+strings.Repeat("x", i)+`."}`)
	}
	src := func(emit func(Record) bool) {
		ReadLines(context.Background(), "", strings.NewReader(strings.Join(lines, "\n")), 0, emit)
	}
	var got []LineResult
	err = ix.Run(context.Background(), src, func(lr LineResult) { got = append(got, lr) })
	if err == nil {
		t.Fatal("Run on a closed store returned nil")
	}
	if len(got) != len(lines) {
		t.Fatalf("%d results for %d records", len(got), len(lines))
	}
	for i, lr := range got {
		if lr.Line != i+1 || lr.Result != ResultError || !strings.HasPrefix(lr.Error, "not stored: ") {
			t.Errorf("record %d: %+v, want line %d not stored", i, lr, i+1)
		}
	}
}
