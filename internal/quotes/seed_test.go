package quotes_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/newsfind/newsfind/internal/extract"
)

// TestSeedQuotes runs the full pipeline on the hand-annotated seed article
// (../shared/seed beside the checkout) and requires each of its quotes:
// a predicted quote covering at least 80 % of it, of the same kind, with
// the same canonical speaker.
func TestSeedQuotes(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "seed")
	text, err := os.ReadFile(filepath.Join(dir, "article.txt"))
	if err != nil {
		t.Skip("seed article not present:", err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var exp struct {
		Quotes []struct {
			Kind, Speaker string
			Start, End    int
		}
	}
	if err := json.Unmarshal(b, &exp); err != nil {
		t.Fatalf("expected.json: %v", err)
	}
	if len(exp.Quotes) == 0 {
		t.Fatal("expected.json has no quotes")
	}
	p, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	got := p.Extract(string(text)).Quotes
	for _, w := range exp.Quotes {
		found := false
		for _, q := range got {
			ov := min(q.End, w.End) - max(q.Start, w.Start)
			if ov > 0 && float64(ov) >= 0.8*float64(w.End-w.Start) && q.Kind == w.Kind && q.Speaker == w.Speaker {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("seed quote %d-%d (%s, %s) not found in %+v", w.Start, w.End, w.Kind, w.Speaker, got)
		}
	}
}
