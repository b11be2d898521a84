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
	}{{"caption", true}, {"hide", true}, {"photos", true}, {"gallery", true}, {"Caption", false}, {"senate", false}, {"", false}} {
		if got := IsPageWord(tt.w); got != tt.want {
			t.Errorf("IsPageWord(%q) = %v, want %v", tt.w, got, tt.want)
		}
	}
}
