package names

import "testing"

// TestWordPredicates: each predicate is true for its words and false for
// others, for words not in lower case and for the empty word.
func TestWordPredicates(t *testing.T) {
	for _, p := range []struct {
		name    string
		f       func(string) bool
		yes, no []string
	}{
		{"IsLegalForm", IsLegalForm, []string{"inc", "inc.", "corp", "gmbh"}, []string{"Inc", "company", ""}},
		{"IsPageWord", IsPageWord,
			[]string{"caption", "hide", "photos", "gallery", "show", "view", "file", "continue"},
			[]string{"Caption", "senate", ""}},
		{"IsPageLabel", IsPageLabel,
			[]string{"caption", "captions", "hide", "photo", "photos", "gallery", "image", "images", "credit",
				"video", "videos", "advertisement", "slideshow", "expand"},
			// page words that also stand in names and sentences, then no page words
			[]string{"show", "view", "file", "continue", "Caption", "senate", "shows", ""}},
	} {
		for _, w := range p.yes {
			if !p.f(w) {
				t.Errorf("%s(%q) = false, want true", p.name, w)
			}
		}
		for _, w := range p.no {
			if p.f(w) {
				t.Errorf("%s(%q) = true, want false", p.name, w)
			}
		}
	}
}

// TestPageLabelsArePageWords: IsPageLabel is the stricter predicate, true
// only for page words, and the words it leaves out are page words too.
func TestPageLabelsArePageWords(t *testing.T) {
	for w := range pageWords {
		if IsPageLabel(w) != !namePageWords[w] {
			t.Errorf("IsPageLabel(%q) = %v for a page word", w, IsPageLabel(w))
		}
	}
	for w := range namePageWords {
		if !IsPageWord(w) {
			t.Errorf("%q is exempt from IsPageLabel but no page word", w)
		}
	}
}
