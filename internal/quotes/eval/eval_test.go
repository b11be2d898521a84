package eval

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/newsfind/newsfind/internal/quotes"
	"github.com/newsfind/newsfind/schema"
)

func ip(i int) *int       { return &i }
func sp(s string) *string { return &s }

func TestMatch(t *testing.T) {
	gold := []Gold{{Start: 0, End: 100}, {Start: 200, End: 210}}
	tests := []struct {
		name string
		pred []schema.Quote
		th   float64
		want int
	}{
		{"exact", []schema.Quote{{Start: 0, End: 100}, {Start: 200, End: 210}}, 0.8, 2},
		{"partial above 30 below 80", []schema.Quote{{Start: 50, End: 100}}, 0.3, 1},
		{"partial below 80", []schema.Quote{{Start: 50, End: 100}}, 0.8, 0},
		{"one prediction matches one gold only", []schema.Quote{{Start: 0, End: 300}}, 0.3, 1},
		{"no overlap", []schema.Quote{{Start: 100, End: 200}}, 0.3, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := len(Match(gold, tc.pred, tc.th)); got != tc.want {
				t.Errorf("matched %d, want %d", got, tc.want)
			}
		})
	}
}

func TestSpeakerOK(t *testing.T) {
	g := Gold{Speaker: sp("Mr. Trump's"), SpeakerStart: ip(10), SpeakerEnd: ip(20)}
	tests := []struct {
		name string
		p    schema.Quote
		want bool
	}{
		{"mention overlaps", schema.Quote{SpeakerMention: &schema.Mention{Start: 15, End: 25}}, true},
		{"mention elsewhere, canonical has last word", schema.Quote{Speaker: "Donald Trump", SpeakerMention: &schema.Mention{Start: 40, End: 45}}, true},
		{"wrong speaker", schema.Quote{Speaker: "Hillary Clinton"}, false},
		{"no speaker", schema.Quote{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := SpeakerOK(g, tc.p); got != tc.want {
				t.Errorf("SpeakerOK = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	_, err := Read(strings.NewReader("{\"id\":\"a\",\"text\":\"x\",\"quotes\":[]}\n{bad\n"), "gold.jsonl")
	if err == nil || !strings.Contains(err.Error(), "gold.jsonl line 2") {
		t.Fatalf("error %v should name the file and line 2", err)
	}
}

func TestScoreCounts(t *testing.T) {
	docs := []Doc{{Text: "x", Quotes: []Gold{
		{Start: 0, End: 10, Kind: "direct", Speaker: sp("he"), SpeakerStart: ip(12), SpeakerEnd: ip(14)},
		{Start: 20, End: 40, Kind: "indirect"},
	}}}
	preds := [][]schema.Quote{{
		{Start: 1, End: 10, Kind: schema.KindDirect, SpeakerMention: &schema.Mention{Start: 12, End: 14}},
		{Start: 50, End: 60, Kind: schema.KindIndirect},
	}}
	r := Score(docs, preds)
	if r.All30 != (Counts{1, 2, 2}) || r.Dir30 != (Counts{1, 1, 1}) || r.SpeakerOK != 1 || r.SpeakerN != 1 {
		t.Fatalf("unexpected counts %+v", r)
	}
	if f := r.All30.F1(); f != 50 {
		t.Fatalf("F1 = %v, want 50", f)
	}
}

// devPath is the PolNeAR dev split beside the checkout (absent in some CI).
const devPath = "../../../../shared/data/quotes/dev.jsonl.gz"

// TestDevFloor keeps the quote extractor's accuracy on the PolNeAR dev
// split above floors a little under the measured values, so a regression
// fails. The embedded cue model was learned from this split, so these are
// in-sample figures; the honest ones come from CrossValidate. It runs the quote extractor without entities: spans and speaker
// mentions do not depend on them.
func TestDevFloor(t *testing.T) {
	if _, err := os.Stat(devPath); err != nil {
		t.Skip("PolNeAR dev data not present:", err)
	}
	if testing.Short() {
		t.Skip("-short")
	}
	docs, err := Load(devPath)
	if err != nil {
		t.Fatal(err)
	}
	exs, err := Run(context.Background(), quotesOnly{quotes.New()}, docs, 0)
	if err != nil {
		t.Fatal(err)
	}
	preds := make([][]schema.Quote, len(exs))
	for i, x := range exs {
		preds[i] = x.Quotes
	}
	r := Score(docs, preds)
	t.Logf("quotes-only dev: dir F1 %.1f/%.1f all F1 %.1f/%.1f speaker %.1f%%", r.Dir30.F1(), r.Dir80.F1(), r.All30.F1(), r.All80.F1(), r.SpeakerAcc())
	for _, c := range []struct {
		name       string
		got, floor float64
	}{
		{"direct+mixed F1@.3", r.Dir30.F1(), 81.3},
		{"direct+mixed F1@.8", r.Dir80.F1(), 78.5},
		{"all F1@.3", r.All30.F1(), 78.7},
		{"all F1@.8", r.All80.F1(), 75.1},
		{"speaker accuracy", r.SpeakerAcc(), 89.7},
	} {
		if c.got < c.floor {
			t.Errorf("%s = %.1f, below the floor %.1f", c.name, c.got, c.floor)
		}
	}
}

func TestQuoteKind(t *testing.T) {
	tests := []struct {
		span, want string
	}{
		{"“We will win,”", "direct"},
		{`"We will win."`, "direct"},
		{"''We will win,''", "direct"},
		{"that it was ''a disaster''", "mixed"},
		{"that it was a disaster", "indirect"},
		{"“We will win,” and “soon.”", "direct"},
	}
	for _, tc := range tests {
		t.Run(tc.span, func(t *testing.T) {
			rs := []rune("x " + tc.span + " y")
			if got := quoteKind(rs, 2, 2+len([]rune(tc.span)), "?"); got != tc.want {
				t.Errorf("quoteKind(%q) = %q, want %q", tc.span, got, tc.want)
			}
		})
	}
	if got := quoteKind([]rune("abc"), 2, 9, "indirect"); got != "indirect" {
		t.Errorf("out-of-range span changed its kind to %q", got)
	}
}

func TestWithQuoteKindsCopies(t *testing.T) {
	docs := []Doc{{Text: "He said ''yes.''", Quotes: []Gold{{Start: 8, End: 16, Kind: "indirect"}}}}
	rk := WithQuoteKinds(docs)
	if rk[0].Quotes[0].Kind != "direct" || docs[0].Quotes[0].Kind != "indirect" {
		t.Fatalf("recomputed %q, original %q; want direct and an untouched original", rk[0].Quotes[0].Kind, docs[0].Quotes[0].Kind)
	}
}

func TestExamplesAndFolds(t *testing.T) {
	cs, ce := 6, 14
	docs := []Doc{
		{Text: "Smith endorsed Jones.", Quotes: []Gold{{Start: 15, End: 20, CueStart: &cs, CueEnd: &ce}, {Start: 0, End: 5}}},
		{Text: "No cues here."},
	}
	exs := Examples(docs)
	if len(exs) != 2 || len(exs[0].Attributions) != 1 || len(exs[1].Attributions) != 0 {
		t.Fatalf("Examples = %+v, want one attribution (the one with a cue) in the first text", exs)
	}
	if a := exs[0].Attributions[0]; a.CueStart != 6 || a.CueEnd != 14 || a.Start != 15 || a.End != 20 {
		t.Errorf("attribution = %+v", a)
	}
	seen := map[int]int{}
	for i := 0; i < 10; i++ {
		seen[Fold(i, 5)]++
	}
	for f := 0; f < 5; f++ {
		if seen[f] != 2 {
			t.Errorf("fold %d has %d of 10 documents, want 2", f, seen[f])
		}
	}
}

// TestCrossValidateFloor keeps the honest (5-fold, document-level)
// figure above a floor a little under the measured one.
func TestCrossValidateFloor(t *testing.T) {
	if _, err := os.Stat(devPath); err != nil {
		t.Skip("PolNeAR dev data not present:", err)
	}
	if testing.Short() || raceEnabled {
		t.Skip("-short or -race: five trainings and extractions of the dev split")
	}
	docs, err := Load(devPath)
	if err != nil {
		t.Fatal(err)
	}
	r := Score(docs, CrossValidate(docs, nil, 5, quotes.TrainOptions{MinCues: 2}))
	t.Logf("quotes-only 5-fold CV: dir F1 %.1f/%.1f all F1 %.1f/%.1f speaker %.1f%%", r.Dir30.F1(), r.Dir80.F1(), r.All30.F1(), r.All80.F1(), r.SpeakerAcc())
	if f := r.All30.F1(); f < 74.5 {
		t.Errorf("CV all F1@.3 = %.1f, below the floor 74.5", f)
	}
	if f := r.Dir30.F1(); f < 80.8 {
		t.Errorf("CV direct+mixed F1@.3 = %.1f, below the floor 80.8", f)
	}
	if a := r.SpeakerAcc(); a < 89.2 {
		t.Errorf("CV speaker accuracy = %.1f, below the floor 89.2", a)
	}
}
