package search

import (
	"context"
	"math"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// Exact phrases.
//
// bleve's phrase searcher turns every document that has all the words of a
// phrase into a map of term -> locations (DocumentMatch.Complete) and walks
// it recursively, to allow fuzzy terms and slop; on news, where a phrase's
// words co-occur in thousands of articles ("prime minister"), that was more
// than half of a phrase query's CPU. A query-string phrase is exact: its
// words must sit at consecutive positions, so exactPhraseQuery checks that
// on the locations slice the conjunction already returns, without maps.
// The documents, scores (the conjunction's, as in bleve) and the matched
// locations (highlighting) are bleve's; TestExactPhraseMatchesBleve
// compares them.

// exactPhraseQuery is a MatchPhraseQuery searched by exactPhraseSearcher;
// fuzzy phrases go to bleve's own searcher.
type exactPhraseQuery struct {
	*query.MatchPhraseQuery
}

// exactPhrases wraps the phrase leaves of q (in place).
func exactPhrases(q query.Query) query.Query {
	out, _ := rewriteLeaves(q, func(leaf query.Query) (query.Query, error) {
		if ph, ok := leaf.(*query.MatchPhraseQuery); ok && ph.Fuzziness == 0 {
			return exactPhraseQuery{ph}, nil
		}
		return leaf, nil
	})
	return out
}

func (q exactPhraseQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	// Analysed as MatchPhraseQuery.Searcher does.
	field := q.FieldVal
	if field == "" {
		field = m.DefaultSearchField()
	}
	name := q.Analyzer
	if name == "" {
		name = m.AnalyzerNameForPath(field)
	}
	analyzer := m.AnalyzerNamed(name)
	if analyzer == nil {
		return q.MatchPhraseQuery.Searcher(ctx, r, m, options) // its error
	}
	terms := phraseTerms(analyzer.Analyze([]byte(q.MatchPhrase)))
	if len(terms) == 0 {
		return q.MatchPhraseQuery.Searcher(ctx, r, m, options) // matches nothing
	}
	for i, alts := range terms {
		// Two tokens at one position (bleve's multi-phrase), or an empty
		// term where the phrase starts: bleve's searcher.
		if len(alts) > 1 || (i == 0 && (len(alts) == 0 || alts[0] == "")) {
			return q.MatchPhraseQuery.Searcher(ctx, r, m, options)
		}
	}
	// As NewMultiPhraseSearcher: term searchers with term vectors, ANDed.
	options.IncludeTermVectors = true
	boost := q.BoostVal.Value()
	var parts []bsearch.Searcher
	closeAll := func() {
		for _, p := range parts {
			_ = p.Close()
		}
	}
	for _, alts := range terms {
		if len(alts) == 0 || alts[0] == "" {
			continue // a gap (a removed token) matches any word
		}
		ts, err := searcher.NewTermSearcher(ctx, r, alts[0], field, boost, options)
		if err != nil {
			closeAll()
			return nil, err
		}
		parts = append(parts, ts)
	}
	must, err := searcher.NewConjunctionSearcher(ctx, r, parts, options)
	if err != nil {
		closeAll()
		return nil, err
	}
	s := &exactPhraseSearcher{must: must, field: field, terms: terms}
	must.SetQueryNorm(1.0 / math.Sqrt(must.Weight()))
	return s, nil
}

// phraseTerms is bleve's tokenStreamToPhrase: the terms at each position
// from the first token's to the last's (none where a token was removed).
func phraseTerms(tokens analysis.TokenStream) [][]string {
	if len(tokens) == 0 {
		return nil
	}
	first, last := math.MaxInt, 0
	for _, t := range tokens {
		first, last = min(first, t.Position), max(last, t.Position)
	}
	if last < first {
		return nil
	}
	out := make([][]string, last-first+1)
	for _, t := range tokens {
		out[t.Position-first] = append(out[t.Position-first], string(t.Term))
	}
	return out
}

// exactPhraseSearcher returns the documents of must (the conjunction of
// the phrase's terms) where the terms stand at consecutive positions of
// field, with the locations of each occurrence of the phrase.
type exactPhraseSearcher struct {
	must  bsearch.Searcher
	field string
	terms [][]string // per position, one term or none (a gap)
	curr  *bsearch.DocumentMatch
	init  bool
	buf   []bsearch.FieldTermLocation
}

func (s *exactPhraseSearcher) advance(ctx *bsearch.SearchContext) (err error) {
	if s.curr != nil {
		ctx.DocumentMatchPool.Put(s.curr)
	}
	s.curr, err = s.must.Next(ctx)
	return err
}

func (s *exactPhraseSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if !s.init {
		s.init = true
		if err := s.advance(ctx); err != nil {
			return nil, err
		}
	}
	for s.curr != nil {
		var hit *bsearch.DocumentMatch
		if s.match(s.curr) {
			hit, s.curr = s.curr, nil
		}
		if err := s.advance(ctx); err != nil {
			return nil, err
		}
		if hit != nil {
			return hit, nil
		}
	}
	return nil, nil
}

// match reports whether dm has the phrase, and leaves in its
// FieldTermLocations only the locations of the phrase's occurrences.
func (s *exactPhraseSearcher) match(dm *bsearch.DocumentMatch) bool {
	ftls := dm.FieldTermLocations
	s.buf = s.buf[:0]
	first := s.terms[0][0] // the first position is never a gap
	for i := range ftls {
		start := &ftls[i]
		if start.Field != s.field || start.Term != first {
			continue
		}
		mark := len(s.buf)
		s.buf = append(s.buf, *start)
		ok := true
		for k := 1; k < len(s.terms) && ok; k++ {
			if len(s.terms[k]) == 0 || s.terms[k][0] == "" {
				continue
			}
			ok = false
			want := start.Location.Pos + uint64(k)
			for j := range ftls {
				l := &ftls[j]
				if l.Location.Pos == want && l.Term == s.terms[k][0] && l.Field == s.field &&
					l.Location.ArrayPositions.Equals(start.Location.ArrayPositions) {
					s.buf = append(s.buf, *l)
					ok = true
					break
				}
			}
		}
		if !ok {
			s.buf = s.buf[:mark]
		}
	}
	if len(s.buf) == 0 {
		return false
	}
	dm.FieldTermLocations = append(ftls[:0], s.buf...)
	return true
}

func (s *exactPhraseSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	if !s.init {
		s.init = true
		if err := s.advance(ctx); err != nil {
			return nil, err
		}
	}
	if s.curr == nil {
		return nil, nil
	}
	if s.curr.IndexInternalID.Compare(id) < 0 {
		ctx.DocumentMatchPool.Put(s.curr)
		var err error
		if s.curr, err = s.must.Advance(ctx, id); err != nil {
			return nil, err
		}
	}
	return s.Next(ctx)
}

func (s *exactPhraseSearcher) Weight() float64            { return s.must.Weight() }
func (s *exactPhraseSearcher) SetQueryNorm(n float64)     { s.must.SetQueryNorm(n) }
func (s *exactPhraseSearcher) Count() uint64              { return s.must.Count() }
func (s *exactPhraseSearcher) Min() int                   { return 0 }
func (s *exactPhraseSearcher) Close() error               { return s.must.Close() }
func (s *exactPhraseSearcher) DocumentMatchPoolSize() int { return s.must.DocumentMatchPoolSize() + 1 }
func (s *exactPhraseSearcher) Size() int                  { return s.must.Size() + 64 }
