package quotes

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/newsfind/newsfind/schema"
)

// FuzzExtract checks that no input panics, that every quote has a valid
// range, kind and speaker mention, and that the working state the shared
// extractor reuses from earlier inputs changes nothing (an extractor with
// no state gives the same quotes). The seed corpus is the golden articles
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
		"X and Y Corp cut it.\nS and P said it was. S/P said so. S&P said\n", "Federal Savings and\nAssociation said it",
		"Acme Inc.\nBeta said it", "The Commission said it. Analysts said it. U.S. Officials said", "X\nY said",
	} {
		f.Add(s)
	}
	x := New()
	f.Fuzz(func(t *testing.T, text string) {
		ents := []schema.Entity{
			{Type: "person", Name: "X Y", Mentions: []schema.Mention{{Text: "X", Start: 0, End: 1}, {Text: "bad", Start: -4, End: 1 << 30}}},
			{Type: "organization", Name: "Commission", Mentions: []schema.Mention{{Text: "C", Start: 2, End: 3}}},
			{Type: "organization", Name: "X and Y Corp", Mentions: []schema.Mention{{Text: "Y", Start: 4, End: 6}}},
			{Type: "place", Name: "Z", Mentions: []schema.Mention{{Text: "Z", Start: 6, End: 8}}},
		}
		qs := x.Extract(text, nil, nil, ents)
		checkOffsets(t, text, qs)
		fresh := &Extractor{lx: x.lx, model: x.model}
		if d := cmp.Diff(fresh.Extract(text, nil, nil, ents), qs); d != "" {
			t.Fatalf("reused working state changed the quotes (-fresh +reused):\n%s", d)
		}
	})
}

// FuzzReadModel checks that no model file panics the reader and that a
// model it accepts writes back to a file it reads the same way.
func FuzzReadModel(f *testing.F) {
	for _, s := range []string{
		"", modelHeader, modelHeader + "\n",
		modelHeader + "\nsaid\t*\t*\t3\t4\t0\nsaid\t*\tthat\t2\t2\t0\nsaid\tpron\tthat\t2\t2\t1\n",
		modelHeader + "\nx\t*\t*\t-1\t2\t0\n", modelHeader + "\nx\tnoun\tw\t1\t2\t0\n", "\x1f\x8b\x08\x00",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ReadModel(bytes.NewReader(b), "fuzz")
		if err != nil {
			return
		}
		var out bytes.Buffer
		if _, err := m.WriteTo(&out); err != nil {
			t.Fatal(err)
		}
		m2, err := ReadModel(bytes.NewReader(out.Bytes()), "again")
		if err != nil {
			t.Fatalf("a written model does not read back: %v\n%s", err, out.String())
		}
		if m2.Len() != m.Len() {
			t.Fatalf("round trip changed the model: %d keys, then %d", m.Len(), m2.Len())
		}
		for w, wm := range m.cues {
			if p, _ := wm.score(pWord, nWord); p < 0 || p > 1 {
				t.Fatalf("score(%q) = %v, not a probability", w, p)
			}
		}
	})
}
