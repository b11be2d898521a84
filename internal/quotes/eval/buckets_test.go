package eval

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/newsfind/newsfind/schema"
)

func TestErrorBuckets(t *testing.T) {
	docs := []Doc{{Text: strings.Repeat("x", 100), Quotes: []Gold{
		{Start: 0, End: 10, Kind: "direct", Cue: sp("said")},        // matched
		{Start: 20, End: 40, Kind: "indirect", Cue: sp("Believes")}, // overlapped by 5 of 20: partial
		{Start: 50, End: 60, Kind: "indirect", Cue: sp("said")},     // nothing near
		{Start: 0, End: 12, Kind: "mixed"},                          // its prediction matched the first
	}}}
	preds := [][]schema.Quote{{
		{Start: 0, End: 10, Kind: schema.KindDirect, Cue: "said"},
		{Start: 35, End: 45, Kind: schema.KindIndirect, Cue: "believes"},
		{Start: 80, End: 90, Kind: schema.KindIndirect, Cue: "claimed"},
	}}
	got := ErrorBuckets(docs, preds, 0.3)
	want := map[string][]Bucket{
		"miss-cue":   {{"(no cue)", 1}, {"believes", 1}, {"said", 1}},
		"miss-kind":  {{"indirect", 2}, {"mixed", 1}},
		"miss-near":  {{"none", 1}, {"partial", 1}, {"taken", 1}},
		"fp-cue":     {{"believes", 1}, {"claimed", 1}},
		"fp-kind":    {{"indirect", 2}},
		"fp-overlap": {{"no gold overlap", 1}, {"overlaps gold", 1}},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("buckets differ (-want +got):\n%s", d)
	}
	var b bytes.Buffer
	WriteBuckets(&b, got, 1)
	for _, line := range []string{"miss-kind (3): indirect=2\n", "miss-cue (3): (no cue)=1\n", "fp-overlap (2): no gold overlap=1\n"} {
		if !strings.Contains(b.String(), line) {
			t.Errorf("WriteBuckets output lacks %q:\n%s", line, b.String())
		}
	}
}
