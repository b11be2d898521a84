package search

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/google/go-cmp/cmp"
	"github.com/newsfind/newsfind/internal/sampletest"
	"github.com/newsfind/newsfind/schema"
)

// sampleArticles is the shipped sample as articles to store (text only).
func sampleArticles(t testing.TB) []*schema.Article {
	t.Helper()
	var arts []*schema.Article
	for _, a := range sampletest.Articles(t) {
		arts = append(arts, &schema.Article{ID: a.ID, URL: a.URL, Title: a.Title, Body: a.Body, Source: a.Source})
	}
	return arts
}

// sampleWords are the distinct tokens of the sample's titles and bodies.
func sampleWords(t testing.TB) []string {
	t.Helper()
	seen := map[string]bool{}
	var words []string
	for _, a := range sampletest.Articles(t) {
		for _, text := range []string{a.Title, a.Body} {
			b := []byte(text)
			for _, s := range schema.TokenSpans(b, len(b), nil) {
				if w := text[s.Start:s.End]; !seen[w] {
					seen[w] = true
					words = append(words, w)
				}
			}
		}
	}
	return words
}

// Highlights read from the stored text are the ones bleve makes from the
// term vectors: the same locations (positions and offsets) and fragments,
// hit by hit, on the sample corpus, for hand-picked queries (stemming,
// possessives, folding, stop words in query-string clauses, negation,
// fields, groups, conjunctions inside disjunctions) and for words drawn
// from the corpus at random. The stored-text path is run on its own (it
// must not fall back), then through loadArticles, unscored and scored (a
// newest-first page), whose scores are those of bleve's search.
func TestStoredMarksMatchTermVectors(t *testing.T) {
	st := openStore(t, sampleArticles(t))
	idx := st.Articles()
	queries := []string{
		"government", "police killed", "oil OR gas", "president AND NOT obama", "title:police",
		"+said killed", "zoe", "sao paulo", "erdogan", "u.s.", "1980s", "children's", "government's",
		"running", "happy", "relational", "generalizations", "(police OR army) AND killed",
		"killed -police", "body:minister title:prime", "the president", "of", "Iraq iraqi",
		"elected election elections", "NOT government",
		// Found by review: clause skipping and conjunctions that do not
		// match as a whole.
		"+the killed", "obama AND the climate", "(police AND killed) army", "(+police -killed) army",
		"title:(police army)", "+title:police body:killed army", "(police AND killed) OR army", "army OR (police AND NOT killed)",
		"(president AND obama) OR (minister AND prime)",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	// Words with a letter, of letters, digits and apostrophes: no query
	// syntax, no bare numbers (see TestStoredMarksDeclined).
	var words []string
	for _, w := range sampleWords(t) {
		plain := strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’' }) < 0
		if plain && strings.IndexFunc(w, unicode.IsLetter) >= 0 && !strings.HasPrefix(w, "'") {
			words = append(words, w)
		}
	}
	for range 150 {
		queries = append(queries, words[rng.IntN(len(words))])
	}
	for range 30 {
		queries = append(queries, words[rng.IntN(len(words))]+" "+words[rng.IntN(len(words))])
	}
	texts := map[string]query.Query{}
	for _, q := range queries {
		text, err := parseQueryString("q", q, "", false)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		texts[q] = text
	}
	// Built in code, outside query-string mode: a conjunction that does
	// not match as a whole inside a disjunction marks nothing.
	match := func(w, f string, and bool) query.Query {
		m := bleve.NewMatchQuery(w)
		m.SetField(f)
		if and {
			m.SetOperator(query.MatchQueryOperatorAnd)
		}
		return m
	}
	term := bleve.NewTermQuery("polic")
	term.SetField(schema.FieldBody)
	texts["code: (police AND killed) OR army"] = bleve.NewDisjunctionQuery(
		bleve.NewConjunctionQuery(match("police", schema.FieldBody, false), match("killed", schema.FieldBody, false)),
		match("army", schema.FieldBody, false))
	texts["code: match-and(police killed) OR army"] = bleve.NewDisjunctionQuery(match("police killed", schema.FieldBody, true), match("army", schema.FieldTitle, false))
	texts["code: term polic"] = term
	ctx := context.Background()
	compared := 0
	for q, text := range texts {
		sm, ok := storedMarkerFor(text, st.ArticleShards())
		if !ok {
			t.Errorf("%q: not highlighted from the stored text", q)
			continue
		}
		// The reference: bleve's own search of the query, highlighting
		// its hits from the term vectors as it finds them.
		req := bleve.NewSearchRequestOptions(text, 60, 0, false)
		req.Fields = articleFields
		req.Highlight = bleve.NewHighlightWithStyle(highlightStyle)
		for _, f := range highlightFields {
			req.Highlight.AddField(f)
		}
		res, err := SearchAll(ctx, idx, req)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		ids := matchIDs(res.Hits)
		want := map[string]*bsearch.DocumentMatch{}
		for _, h := range res.Hits {
			want[h.ID] = h
		}
		stored, err := loadPage(ctx, idx, nil, ids, storedMarkFields, nil)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		for _, dm := range stored {
			if !sm.highlight(dm, highlightFields) {
				t.Fatalf("%q %s: not highlighted from the stored text", q, dm.ID)
			}
			delete(dm.Fields, schema.FieldBody)
		}
		unscored, err := loadArticles(ctx, st, text, ids, false)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		scored, err := loadArticles(ctx, st, text, ids, true)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		for name, got := range map[string]map[string]*bsearch.DocumentMatch{"stored text": stored, "loadArticles": unscored, "loadArticles scored": scored} {
			if len(got) != len(ids) {
				t.Fatalf("%q %s: %d hits loaded of %d", q, name, len(got), len(ids))
			}
			for _, id := range ids {
				g, w := got[id], want[id]
				for _, f := range highlightFields {
					if diff := cmp.Diff(spansOf(w.Locations[f]), spansOf(g.Locations[f])); diff != "" {
						t.Fatalf("%q %s %s %s locations (-bleve +%s):\n%s", q, name, id, f, name, diff)
					}
				}
				if diff := cmp.Diff(w.Fragments, g.Fragments); diff != "" {
					t.Fatalf("%q %s %s fragments (-bleve +%s):\n%s", q, name, id, name, diff)
				}
				if diff := cmp.Diff(w.Fields, g.Fields); diff != "" {
					t.Fatalf("%q %s %s fields (-bleve +%s):\n%s", q, name, id, name, diff)
				}
				if name == "loadArticles scored" && math.Abs(g.Score-w.Score) > 1e-9*math.Abs(w.Score) {
					t.Fatalf("%q %s: score %v, bleve's %v", q, id, g.Score, w.Score)
				}
			}
		}
		compared += len(ids)
	}
	if compared < 1000 {
		t.Fatalf("compared %d hits, want 1,000 at least", compared)
	}
}

// A hit whose field holds several values is not highlighted from the
// stored text (its array positions are not kept), and the page falls back.
func TestStoredMarksMultiValued(t *testing.T) {
	text, err := parseQueryString("q", "police", "", false)
	if err != nil {
		t.Fatal(err)
	}
	sm, ok := newStoredMarker(text, schema.NewArticleMapping(), highlightFields)
	if !ok {
		t.Fatal("not compiled")
	}
	one := &bsearch.DocumentMatch{ID: "a", Fields: map[string]any{schema.FieldTitle: "Police", schema.FieldBody: "The police said."}}
	if !sm.highlight(one, highlightFields) || len(one.Fragments[schema.FieldBody]) == 0 {
		t.Fatalf("one value: %v", one.Fragments)
	}
	many := &bsearch.DocumentMatch{ID: "b", Fields: map[string]any{schema.FieldBody: []any{"The police said.", "Police"}}}
	if sm.highlight(many, highlightFields) {
		t.Error("several values highlighted from the stored text")
	}
}

// Queries that are not words only are highlighted from term vectors.
func TestStoredMarksDeclined(t *testing.T) {
	m := schema.NewArticleMapping()
	// A bare number is also a numeric range query on the body.
	for _, q := range []string{`"prime minister"`, "presid*", "russia~1", "source:bbc", "title:/pol.*/", "published:>2007", "2007", "oil 2007"} {
		text, err := parseQueryString("q", q, "", false)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if _, ok := newStoredMarker(text, m, highlightFields); ok {
			t.Errorf("%q: highlighted from the stored text, want term vectors", q)
		}
	}
	if _, ok := newStoredMarker(nil, m, highlightFields); ok {
		t.Error("no text query: highlighted from the stored text")
	}
}

// mayMatchesAnalysis checks mayMatch against the analyzer for every token
// of text: a token analysed to a term must pass mayMatch for that term.
func mayMatchesAnalysis(t *testing.T, text string) {
	m := schema.NewArticleMapping()
	a := m.AnalyzerNamed(schema.TextAnalyzer)
	b := []byte(text)
	spans := schema.TokenSpans(b, len(b), nil)
	toks := a.Analyze(b)
	if !utf8.Valid(b) {
		return // tokenized by bleve's tokenizer; stored text is valid UTF-8
	}
	for _, tok := range toks {
		if tok.Position < 1 || tok.Position > len(spans) {
			t.Fatalf("%q: token %q at position %d of %d", text, tok.Term, tok.Position, len(spans))
		}
		s := spans[tok.Position-1]
		raw := b[s.Start:s.End]
		var fm fieldMarker
		fm.first[tok.Term[0]] = true
		if !fm.mayMatch(raw) {
			t.Fatalf("token %q analyses to %q, which mayMatch rules out", raw, tok.Term)
		}
	}
}

func TestMayMatch(t *testing.T) {
	for _, w := range sampleWords(t) {
		mayMatchesAnalysis(t, w)
	}
	for _, w := range []string{"ies", "ying", "ayed", "Yelling", "Œuvre", "Ærø", "ﬁnance", "İstanbul", "Zoë's", "'s", "O'Neill's", "1990s", "x"} {
		mayMatchesAnalysis(t, w)
	}
}

func FuzzMayMatch(f *testing.F) {
	for _, s := range []string{"Running happily", "Zoë's ﬁnances", "ayed ies", "U.S. 1980s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		mayMatchesAnalysis(t, s)
	})
}
