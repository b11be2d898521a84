package extract

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLazy: a Lazy extractor holds no models until first used, then
// extracts exactly what the default pipeline does.
func TestLazy(t *testing.T) {
	var l Lazy
	if l.p != nil {
		t.Fatal("models loaded before use")
	}
	text := `Jakarta - "We will not be defeated," President Joko Widodo told reporters on Thursday.`
	got := l.Extract(text)
	if err := l.Prepare(); err != nil {
		t.Fatal(err)
	}
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	want := p.Extract(text)
	if len(want.Entities) == 0 || len(want.Quotes) == 0 {
		t.Fatalf("the default pipeline found nothing in %q: %+v", text, want)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Lazy (-default +lazy):\n%s", diff)
	}
}
