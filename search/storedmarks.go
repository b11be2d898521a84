package search

import (
	"reflect"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/newsfind/newsfind/schema"
)

// Highlights found in the stored text.
//
// bleve highlights a hit from the term locations its searchers read in
// the term vectors. For a page of hits that meant running the text query
// once more over the page's ids with term vectors on (loadPage), and zap
// advances a term's postings by walking every posting in between, its
// locations included: 15 % of the server's CPU under keyword+speaker load
// at 200k articles. (That load also lost the marks of a boolean's should
// clause on some hits, "+said killed": bleve's boolean searcher mishandles
// Advance, see optionalShould.)
//
// A word's locations in a hit are also where the field's analyzer turns
// one of the hit's tokens into the word's term. The page's stored text is
// loaded anyway, and its tokens are found again by the same tokenizer, so
// for a query of words (no phrases, no wildcards, no fuzzy words) the
// locations are read from the text: each token whose first letter can
// begin the term (mayMatch) goes through the field's token filters. The
// locations are the ones bleve would have read, offsets included, and
// bleve's highlighter makes the fragments (TestStoredMarksMatchTermVectors
// compares both on the sample corpus).

// storedMarker finds a text query's term locations in stored text.
type storedMarker struct {
	q      *docSetExpr             // compileDocSet's, the optional should clauses kept
	fields map[string]*fieldMarker // the fields highlighted
	hl     highlight.Highlighter
}

// fieldMarker finds the terms of one field.
type fieldMarker struct {
	filters []analysis.TokenFilter
	terms   map[string]bool
	first   [256]bool // first bytes of terms
	// analyzed memoizes analyze for the page: a word comes back often
	// (the query's own, first of all).
	analyzed map[string]string
}

var (
	storedHighlighterOnce sync.Once
	storedHighlighter     highlight.Highlighter
	storedHighlighterErr  error
	wordTokenizerType     reflect.Type
)

// newStoredMarker compiles text (the scoring query of a search) for the
// highlighted fields, or says it cannot (ok false): then the page is
// highlighted from term vectors as before. It can for queries of terms
// (bleve's term, match, conjunction, disjunction and boolean queries)
// over fields that are all highlighted and analysed by schema.TextAnalyzer
// (as the index defines it: WordTokenizer, no char filters, and token
// filters that turn a token into one term or none).
func newStoredMarker(text query.Query, m mapping.IndexMapping, fields []string) (*storedMarker, bool) {
	storedHighlighterOnce.Do(func() {
		c := registry.NewCache()
		storedHighlighter, storedHighlighterErr = c.HighlighterNamed(highlightStyle)
		if tok, err := c.TokenizerNamed(schema.WordTokenizer); err == nil {
			wordTokenizerType = reflect.TypeOf(tok)
		}
	})
	if text == nil || storedHighlighterErr != nil || wordTokenizerType == nil {
		return nil, false
	}
	sm := &storedMarker{fields: map[string]*fieldMarker{}, hl: storedHighlighter}
	for _, f := range fields {
		name := m.AnalyzerNameForPath(f)
		a, ok := m.AnalyzerNamed(name).(*analysis.DefaultAnalyzer)
		if name != schema.TextAnalyzer || !ok || len(a.CharFilters) > 0 || reflect.TypeOf(a.Tokenizer) != wordTokenizerType {
			return nil, false
		}
		sm.fields[f] = &fieldMarker{filters: a.TokenFilters, terms: map[string]bool{}, analyzed: map[string]string{}}
	}
	x, ok := compileDocSet(text, m)
	if !ok || !sm.register(x) {
		return nil, false
	}
	sm.q = x
	return sm, true
}

// register adds the terms of x to the fields that find them, or says x
// cannot be highlighted here: a term of a field not highlighted, or an
// operation other than terms, and, or, not and all (id lists, dates).
func (sm *storedMarker) register(x *docSetExpr) bool {
	switch x.op {
	case setAll, setNone:
		return true
	case setTerm:
		fm := sm.fields[x.field]
		if fm == nil || len(x.term) == 0 {
			return false // a field not highlighted: its matches cannot be read here
		}
		fm.terms[string(x.term)] = true
		fm.first[x.term[0]] = true
		return true
	case setAnd, setOr:
		for _, k := range x.kids {
			if !sm.register(k) {
				return false
			}
		}
		return true
	case setBool:
		return sm.register(x.must) && (x.mustNot == nil || sm.register(x.mustNot)) &&
			(x.optional == nil || sm.register(x.optional))
	}
	return false
}

// found holds the locations of a query's terms in one hit, by field and
// term.
type found map[string]bsearch.TermLocationMap

// marks says whether x matches a hit whose terms are found, and adds the
// locations bleve's searchers would give the hit for x to out: a
// conjunction's only when all of it matches, a disjunction's of the
// clauses that match, a boolean's of its must clause and of its optional
// should clause when that matches, never its must-not clause's.
func (x *docSetExpr) marks(f found, out bsearch.FieldTermLocationMap) bool {
	switch x.op {
	case setAll:
		return true
	case setNone:
		return false
	case setTerm:
		locs := f[x.field][string(x.term)]
		if len(locs) == 0 {
			return false
		}
		tlm := out[x.field]
		if tlm == nil {
			tlm = bsearch.TermLocationMap{}
			out[x.field] = tlm
		}
		tlm[string(x.term)] = locs
		return true
	case setOr:
		any := false
		for _, k := range x.kids {
			if k.marks(f, out) {
				any = true
			}
		}
		return any
	case setAnd:
		for _, k := range x.kids {
			if !k.matches(f) {
				return false
			}
		}
		for _, k := range x.kids {
			k.marks(f, out)
		}
		return true
	case setBool:
		if !x.matches(f) {
			return false
		}
		x.must.marks(f, out)
		if x.optional != nil {
			x.optional.marks(f, out)
		}
		return true
	}
	return false
}

// matches says whether x matches a hit whose terms are found.
func (x *docSetExpr) matches(f found) bool {
	switch x.op {
	case setAll:
		return true
	case setTerm:
		return len(f[x.field][string(x.term)]) > 0
	case setOr:
		for _, k := range x.kids {
			if k.matches(f) {
				return true
			}
		}
		return false
	case setAnd:
		for _, k := range x.kids {
			if !k.matches(f) {
				return false
			}
		}
		return true
	case setBool:
		return (x.mustNot == nil || !x.mustNot.matches(f)) && x.must.matches(f)
	}
	return false
}

// highlight sets dm's fragments of every highlighted field from its
// stored text, which dm.Fields must hold (loadPage with the fields). It
// does nothing and returns false when it cannot: a field holds more than
// one value (array positions are not kept here), or the analyzer made
// more than one term of a token.
func (sm *storedMarker) highlight(dm *bsearch.DocumentMatch, fields []string) bool {
	f := found{}
	doc := document.NewDocument(dm.ID)
	var spans []schema.TokenSpan
	var scratch []byte
	for _, name := range fields {
		v, stored := dm.Fields[name]
		if !stored {
			continue
		}
		text, ok := v.(string)
		if !ok {
			return false
		}
		b := []byte(text)
		doc.AddField(document.NewTextField(name, nil, b))
		fm := sm.fields[name]
		spans = schema.TokenSpans(b, len(b), spans[:0])
		tlm := bsearch.TermLocationMap{}
		for i, s := range spans {
			tok := b[s.Start:s.End]
			if !fm.mayMatch(tok) {
				continue
			}
			term, seen := fm.analyzed[string(tok)]
			if !seen {
				scratch = append(scratch[:0], tok...)
				var ok bool
				if term, ok = fm.analyze(scratch); !ok {
					return false
				}
				fm.analyzed[string(tok)] = term
			}
			if term != "" && fm.terms[term] {
				tlm[term] = append(tlm[term], &bsearch.Location{Pos: uint64(i + 1), Start: uint64(s.Start), End: uint64(s.End)})
			}
		}
		if len(tlm) > 0 {
			f[name] = tlm
		}
	}
	dm.Locations = bsearch.FieldTermLocationMap{}
	sm.q.marks(f, dm.Locations)
	for _, name := range fields {
		sm.hl.BestFragmentsInField(dm, doc, name, 1)
	}
	return true
}

// mayMatch says whether tok may analyse to one of the field's terms: the
// analyzer keeps the first letter of a token that begins with ASCII,
// lower-cased, as its term's first letter (possessives, lower case and
// folding change nothing else there, and Porter's rules rewrite endings
// after a stem of a letter at least; TestMayMatch checks it on the words of
// the sample corpus, FuzzMayMatch on any text). Tokens that do not begin
// with ASCII always go through the filters: folding may map their first
// letter to ASCII.
func (fm *fieldMarker) mayMatch(tok []byte) bool {
	c := tok[0]
	if c >= 0x80 {
		return true
	}
	if 'A' <= c && c <= 'Z' {
		c += 'a' - 'A'
	}
	return fm.first[c]
}

// analyze runs tok (a copy the filters may change) through the field's
// token filters as one token; "" when a filter drops it (a stop word). ok
// is false when the filters made more than one token of it: not an
// analyzer whose terms are its tokens', which the stored text cannot
// highlight (the page is highlighted from term vectors instead).
func (fm *fieldMarker) analyze(tok []byte) (term string, ok bool) {
	ts := analysis.TokenStream{&analysis.Token{Term: tok, Position: 1, End: len(tok), Type: analysis.AlphaNumeric}}
	for _, filter := range fm.filters {
		ts = filter.Filter(ts)
	}
	switch len(ts) {
	case 0:
		return "", true
	case 1:
		return string(ts[0].Term), true
	}
	return "", false
}
