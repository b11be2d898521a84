package quotes

import "testing"

// TestWordFilters checks that the filters in front of the lexicon and the
// cue model hold every key of their maps (a filter that said "no" to one
// would lose a cue), and that they do reject most other words.
func TestWordFilters(t *testing.T) {
	lx := buildLexicon()
	m, err := DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		f    *wordFilter
		keys func(func(string))
	}{
		{"lexicon", &lx.has, func(y func(string)) {
			for w := range lx.forms {
				y(w)
			}
		}},
		{"model cues", &m.hasCue, func(y func(string)) {
			for w := range m.cues {
				y(w)
			}
		}},
		{"model stems", &m.hasStem, func(y func(string)) {
			for w := range m.stemCues {
				y(w)
			}
		}},
		{"topic nouns", &topicNounFilter, func(y func(string)) {
			for w := range topicNouns {
				y(w)
			}
		}},
	} {
		n := 0
		c.keys(func(w string) {
			n++
			if !c.f.mayHave(w) {
				t.Errorf("%s: filter rejects its key %q", c.name, w)
			}
		})
		if n == 0 {
			t.Errorf("%s: no keys", c.name)
		}
	}
	var empty wordFilter
	for _, w := range []string{"said", "", "x"} {
		if empty.mayHave(w) {
			t.Errorf("empty filter has %q", w)
		}
	}
	// common non-cue words mostly pass through unprobed
	rejected, words := 0, []string{"the", "a", "of", "and", "in", "to", "is", "was", "for", "on", "that", "with", "by", "at", "from", "an", "be", "this", "have", "are"}
	for _, w := range words {
		if !lx.has.mayHave(w) {
			rejected++
		}
	}
	if rejected < len(words)/2 {
		t.Errorf("lexicon filter rejects %d of %d function words, want at least half", rejected, len(words))
	}
}
