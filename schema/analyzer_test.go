package schema

import (
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// The text analyzer folds diacritics both ways (a word typed without
// accents finds it written with them, and the reverse). It drops the
// offsets; the spans of the terms' positions in the original text, which
// highlighting reads, are the words as written.
func TestTextAnalyzerFolds(t *testing.T) {
	m := NewArticleMapping()
	an := m.AnalyzerNamed(m.AnalyzerNameForPath(FieldBody))
	if an == nil {
		t.Fatalf("no analyzer for %s", FieldBody)
	}
	const text = "Zoë Saldaña met Erdoğan’s envoys in São Paulo and Wałęsa; the Straße"
	var terms []string
	fold := foldFilter{fold: asciifolding.New()}
	spans := TokenSpans([]byte(text), len(text), nil)
	for _, tok := range an.Analyze([]byte(text)) {
		terms = append(terms, string(tok.Term))
		if tok.Start != 0 || tok.End != 0 {
			t.Errorf("term %q has offsets %d-%d, want none (0-0)", tok.Term, tok.Start, tok.End)
		}
		// The span of its position is the word as written: folded and
		// lower-cased it starts like the term (a stem may end differently:
		// envoys, envoi).
		s := spans[tok.Position-1]
		word := fold.fold.Filter([]byte(strings.ToLower(text[s.Start:s.End])))
		if n := min(3, len(tok.Term)); !strings.HasPrefix(string(word), string(tok.Term[:n])) {
			t.Errorf("term %q at position %d spans %d-%d: %q", tok.Term, tok.Position, s.Start, s.End, text[s.Start:s.End])
		}
	}
	want := []string{"zoe", "saldana", "met", "erdogan", "envoi", "sao", "paulo", "walesa", "strass"}
	if !slices.Equal(terms, want) {
		t.Errorf("terms %q, want %q", terms, want)
	}

	ix, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	docs := map[string]string{"accented": "Zoë Saldaña in São Paulo", "plain": "Zoe Saldana in Sao Paulo", "other": "Zola in Sardinia"}
	for id, body := range docs {
		if err := ix.Index(id, map[string]any{FieldBody: body}); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{"zoe", "Zoë", "sao paulo", "SÃO", "saldaña"} {
		mq := bleve.NewMatchQuery(q)
		mq.SetField(FieldBody)
		mq.SetOperator(1) // and
		res, err := ix.Search(bleve.NewSearchRequest(mq))
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		slices.Sort(ids)
		if !slices.Equal(ids, []string{"accented", "plain"}) {
			t.Errorf("%q found %q, want both spellings", q, ids)
		}
	}
}

// FoldWord folds as the analyzer does: on words the stemmer leaves alone,
// it gives the indexed term.
func TestFoldWordIsTheAnalyzers(t *testing.T) {
	m := NewArticleMapping()
	an := m.AnalyzerNamed(TextAnalyzer)
	for _, w := range []string{"Nguyễn", "Trọng", "Erdoğan", "Wałęsa", "ĸapa", "Ƒolk", "ZOË", "plain", "Ǧamal", "ǧamal"} {
		toks := an.Analyze([]byte(w))
		if len(toks) != 1 {
			t.Fatalf("%q: %d tokens", w, len(toks))
		}
		if got, want := FoldWord(w), string(toks[0].Term); got != want {
			t.Errorf("FoldWord(%q) = %q, the analyzer indexes %q", w, got, want)
		}
	}
}

// Some lower-case letters fold to capitals in the asciifolding table (ǧ →
// G, ʀ → R); the analyzer lower-cases after folding, so such a word is
// found by the word typed plainly.
func TestFoldedTermsAreLowerCase(t *testing.T) {
	an := NewArticleMapping().AnalyzerNamed(TextAnalyzer)
	for _, tc := range []struct{ word, want string }{
		{"ǧamal", "gamal"},
		{"Ǧamal", "gamal"},
		{"ʀaja", "raja"},
		{"Zoë", "zoe"},
	} {
		toks := an.Analyze([]byte(tc.word))
		if len(toks) != 1 || string(toks[0].Term) != tc.want {
			var got []string
			for _, tok := range toks {
				got = append(got, string(tok.Term))
			}
			t.Errorf("%q analysed to %q, want [%q]", tc.word, got, tc.want)
		}
		if got := FoldWord(tc.word); got != tc.want {
			t.Errorf("FoldWord(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}
