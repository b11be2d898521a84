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
