package quotes

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/newsfind/newsfind/schema"
)

// FuzzExtract checks that no input panics and that every quote has a valid
// range, kind and speaker mention. The seed corpus is the golden articles
// plus hand-picked edge cases.
func FuzzExtract(f *testing.F) {
	files, _ := filepath.Glob("testdata/golden/*.txt")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	for _, s := range []string{
		"", "\"", "“", "”", "''", "'", "‘’", "«»", "\"\"\"\"", "said", "according to", "he said.",
		"“Unclosed quote\n\n“and another", "A: “b”", "“a,” he said, “", ", said", "X, who said",
		"“x” ‘y’ «z» ''w''", "He said:\n\n“", "\u0000\"said\u2029\"", "Mr. Mrs. Ms. said that",
	} {
		f.Add(s)
	}
	x := New()
	f.Fuzz(func(t *testing.T, text string) {
		ents := []schema.Entity{{Type: "person", Name: "X Y", Mentions: []schema.Mention{{Text: "X", Start: 0, End: 1}, {Text: "bad", Start: -4, End: 1 << 30}}}}
		qs := x.Extract(text, nil, nil, ents)
		checkOffsets(t, text, qs)
	})
}
