package quotes

import (
	"bytes"
	"strings"
	"testing"
)

func TestStemOf(t *testing.T) {
	for _, tc := range []struct{ words, stem string }{
		{"acknowledge acknowledges acknowledged acknowledging", "acknowledg"},
		{"worry worries worried", "worr"},
		{"brag brags bragged bragging", "brag"},
		{"endorse endorses endorsed endorsing", "endors"},
		{"push pushes pushed pushing", "push"},
		{"call calls called calling", "call"},
		{"say", "say"},
		{"the", "the"},
	} {
		for _, w := range strings.Fields(tc.words) {
			if got := stemOf(w); got != tc.stem {
				t.Errorf("stemOf(%q) = %q, want %q", w, got, tc.stem)
			}
		}
	}
}

// TestStemFallback checks that a form with no counts of its own takes its
// stem's ("acknowledging" after "acknowledged" and "acknowledges" were
// cues), that a form with counts of its own keeps them, and that the
// stems survive a round trip through the model file.
func TestStemFallback(t *testing.T) {
	text := "Smith acknowledged the error. Jones acknowledges the risk. Lee acknowledged the loss. " +
		"Kim acknowledges the debt. The acknowledgements came late. The acknowledgements were long."
	ex := Example{Text: text}
	for _, cue := range []string{"acknowledged the error", "acknowledges the risk", "acknowledged the loss", "acknowledges the debt"} {
		off := strings.Index(text, cue)
		sp := strings.IndexByte(cue, ' ')
		ex.Attributions = append(ex.Attributions, ExampleAttribution{CueStart: off, CueEnd: off + sp, Start: off + sp + 1, End: off + len(cue)})
	}
	m := Train([]Example{ex}, TrainOptions{MinCues: 2})
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	m2, err := ReadModel(&buf, "test")
	if err != nil {
		t.Fatal(err)
	}
	for _, mm := range []*CueModel{m, m2} {
		if mm.cueWord("acknowledging") == nil {
			t.Error("acknowledging: no stem fallback")
		}
		if mm.cueWord("acknowledged") != mm.cues["acknowledged"] {
			t.Error("acknowledged: a form with counts of its own should keep them")
		}
		if mm.cueWord("acknowledgements") != nil {
			t.Error("acknowledgements: never a cue, should stay out")
		}
	}
}
