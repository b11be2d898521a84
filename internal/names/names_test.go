package names

import "testing"

func TestIsLegalForm(t *testing.T) {
	for _, tt := range []struct {
		w    string
		want bool
	}{{"inc", true}, {"inc.", true}, {"corp", true}, {"gmbh", true}, {"Inc", false}, {"company", false}, {"", false}} {
		if got := IsLegalForm(tt.w); got != tt.want {
			t.Errorf("IsLegalForm(%q) = %v, want %v", tt.w, got, tt.want)
		}
	}
}

func TestIsPageWord(t *testing.T) {
	for _, tt := range []struct {
		w    string
		want bool
	}{{"caption", true}, {"hide", true}, {"photos", true}, {"gallery", true}, {"show", true}, {"view", true}, {"file", true}, {"continue", true}, {"Caption", false}, {"senate", false}, {"", false}} {
		if got := IsPageWord(tt.w); got != tt.want {
			t.Errorf("IsPageWord(%q) = %v, want %v", tt.w, got, tt.want)
		}
	}
}

func TestIsPageLabel(t *testing.T) {
	for _, tt := range []struct {
		w    string
		want bool
	}{
		{"caption", true}, {"captions", true}, {"hide", true}, {"photo", true}, {"photos", true},
		{"gallery", true}, {"image", true}, {"images", true}, {"credit", true}, {"video", true},
		{"videos", true}, {"advertisement", true}, {"slideshow", true}, {"expand", true},
		// page words that also stand in names and sentences
		{"show", false}, {"view", false}, {"file", false}, {"continue", false},
		// no page words
		{"Caption", false}, {"senate", false}, {"shows", false}, {"", false},
	} {
		if got := IsPageLabel(tt.w); got != tt.want {
			t.Errorf("IsPageLabel(%q) = %v, want %v", tt.w, got, tt.want)
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
