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
// begin the term (mayStemTo) goes through the field's token filters. The
// locations are the ones bleve would have read, offsets included, and
// bleve's highlighter makes the fragments (TestStoredMarksMatchTermVectors
// compares both on the sample corpus).

// storedMarker finds a text query's term locations in stored text.
type storedMarker struct {
	q      *markExpr
	fields map[string]*fieldMarker // the fields highlighted
	hl     highlight.Highlighter
}

// markExpr is a text query as far as its highlights go: which of its
// terms bleve marks in a hit (see marks).
type markExpr struct {
	op       setOp // setTerm, setAnd, setOr, setBool, setAll or setNone
	field    string
	term     string
	kids     []*markExpr
	must     *markExpr // setBool: required (nil: should is)
	should   *markExpr // setBool: marks when it matches; nil: none
	mustNot  *markExpr // setBool: nil: none
	required bool      // setBool: should must match (no must clause)
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
	x, ok := sm.compile(text, m)
	if !ok {
		return nil, false
	}
	sm.q = x
	return sm, true
}

var (
	markAll  = &markExpr{op: setAll}
	markNone = &markExpr{op: setNone}
)

// compile follows compileDocSet, keeping what it drops for highlights:
// a boolean's optional should clause marks the terms it matches.
func (sm *storedMarker) compile(q query.Query, m mapping.IndexMapping) (*markExpr, bool) {
	switch q := q.(type) {
	case *query.MatchAllQuery:
		return markAll, true
	case *query.MatchNoneQuery:
		return markNone, true
	case *query.TermQuery:
		return sm.term(fieldOrDefault(q.FieldVal, m), q.Term)
	case *query.MatchQuery:
		x, ok := compileMatch(q, m)
		if !ok {
			return nil, false
		}
		if x.op == setNone {
			return markNone, true
		}
		out := &markExpr{op: x.op}
		for _, k := range x.kids {
			t, ok := sm.term(k.field, string(k.term))
			if !ok {
				return nil, false
			}
			out.kids = append(out.kids, t)
		}
		return out, true
	case *query.DisjunctionQuery:
		mode, ok := queryStringMode(q)
		if q.Min > 1 || !ok {
			return nil, false
		}
		return sm.kids(setOr, q.Disjuncts, mode, m)
	case *query.ConjunctionQuery:
		mode, ok := queryStringMode(q)
		if !ok {
			return nil, false
		}
		return sm.kids(setAnd, q.Conjuncts, mode, m)
	case *query.BooleanQuery:
		return sm.boolean(q, m)
	}
	return nil, false
}

func (sm *storedMarker) term(field, term string) (*markExpr, bool) {
	fm := sm.fields[field]
	if fm == nil || term == "" {
		return nil, false // a field not highlighted: its matches cannot be read here
	}
	fm.terms[term] = true
	fm.first[term[0]] = true
	return &markExpr{op: setTerm, field: field, term: term}, true
}

// kids is compileKids for marks.
func (sm *storedMarker) kids(op setOp, qs []query.Query, qsMode bool, m mapping.IndexMapping) (*markExpr, bool) {
	x := &markExpr{op: op}
	for _, q := range qs {
		k, ok := sm.compile(q, m)
		if !ok {
			return nil, false
		}
		if k.op == setNone && qsMode {
			continue
		}
		x.kids = append(x.kids, k)
	}
	if len(x.kids) == 0 {
		return markNone, true
	}
	return x, true
}

// boolean is compileBool for marks: bleve's boolean searcher adds the
// locations of its should clause to a hit the clause matches, required
// or not.
func (sm *storedMarker) boolean(q *query.BooleanQuery, m mapping.IndexMapping) (*markExpr, bool) {
	if q.Filter != nil {
		return nil, false
	}
	clause := func(c query.Query) (*markExpr, bool) {
		if c == nil {
			return nil, true
		}
		x, ok := sm.compile(c, m)
		if ok && x.op == setNone {
			return nil, true
		}
		return x, ok
	}
	must, ok1 := clause(q.Must)
	should, ok2 := clause(q.Should)
	mustNot, ok3 := clause(q.MustNot)
	if !ok1 || !ok2 || !ok3 {
		return nil, false
	}
	if must != nil && should != nil {
		if d, isDisj := q.Should.(*query.DisjunctionQuery); !isDisj || d.Min != 0 {
			return nil, false
		}
	}
	if must == nil && should == nil && mustNot == nil {
		return markNone, true
	}
	return &markExpr{op: setBool, must: must, should: should, mustNot: mustNot, required: must == nil && should != nil}, true
}

// found holds the locations of a query's terms in one hit, by field and
// term.
type found map[string]bsearch.TermLocationMap

// marks says whether x matches a hit whose terms are found, and adds the
// locations bleve's searchers would give the hit for x to out: a
// conjunction's only when all of it matches, a disjunction's of the
// clauses that match, a boolean's of its must clause and of its should
// clause when that matches, never its must-not clause's.
func (x *markExpr) marks(f found, out bsearch.FieldTermLocationMap) bool {
	switch x.op {
	case setAll:
		return true
	case setNone:
		return false
	case setTerm:
		locs := f[x.field][x.term]
		if len(locs) == 0 {
			return false
		}
		tlm := out[x.field]
		if tlm == nil {
			tlm = bsearch.TermLocationMap{}
			out[x.field] = tlm
		}
		tlm[x.term] = locs
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
		if x.mustNot != nil && x.mustNot.matches(f) {
			return false
		}
		if x.must != nil && !x.must.matches(f) {
			return false
		}
		if x.required && !x.should.matches(f) {
			return false
		}
		if x.must != nil {
			x.must.marks(f, out)
		}
		if x.should != nil {
			x.should.marks(f, out)
		}
		return true
	}
	return false
}

// matches says whether x matches a hit whose terms are found.
func (x *markExpr) matches(f found) bool {
	switch x.op {
	case setAll:
		return true
	case setTerm:
		return len(f[x.field][x.term]) > 0
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
		return (x.mustNot == nil || !x.mustNot.matches(f)) &&
			(x.must == nil || x.must.matches(f)) &&
			(!x.required || x.should.matches(f))
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
