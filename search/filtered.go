package search

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// filteredQuery matches the documents both text and filter match, scored
// by text alone: a text query with non-scoring filters.
//
// bleve's own form of this, a BooleanQuery filter clause, walks and scores
// every match of the text query and then asks the filter about each one; a
// keyword with a speaker filter scored every article with the keyword to
// keep the few the speaker is in. This searcher leapfrogs: each side
// advances to the other's document, so a selective filter skips the text
// query's postings in between, and only documents both match are scored.
// The scores are those of the bleve form (the text query as the boolean's
// only must clause).
type filteredQuery struct {
	text   query.Query
	both   query.Query // text and filter, for candidates
	filter query.Query
	cols   *Columns // the index's columns, for date filters; nil: none
}

// newFilteredQuery scores with text itself: bleve's form wraps it in a
// conjunction of one, which scores as its clause but costs a call per hit.
func newFilteredQuery(text, filter query.Query) *filteredQuery {
	return &filteredQuery{text: text, both: bleve.NewConjunctionQuery(text, filter), filter: filter}
}

func (q *filteredQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	text, err := q.text.Searcher(ctx, r, m, opts)
	if err != nil {
		return nil, err
	}
	if optionalShould(q.text) {
		text = &advanceByNext{Searcher: text}
	}
	filter, err := q.candidates(ctx, r, m)
	if err != nil {
		text.Close()
		return nil, err
	}
	return &filteredSearcher{text: text, filter: filter}, nil
}

// optionalShould reports a boolean query in q with both a must and a
// should clause (a query string like "+said killed"). bleve's boolean
// searcher (v2.6.3) loses such a should clause when advanced: Advance moves
// the should searcher to the target even when its current match is there
// already (it guards its must-not searcher against this, not its should
// searcher), so a hit both clauses match at the target scores as if only
// the must clause matched, and its should terms are not marked: "+said
// killed" with every other hit as the filter scored 7 of 58 hits wrong.
func optionalShould(q query.Query) bool {
	switch q := q.(type) {
	case *query.BooleanQuery:
		if q.Must != nil && q.Should != nil {
			return true
		}
		return (q.Must != nil && optionalShould(q.Must)) || (q.Should != nil && optionalShould(q.Should)) ||
			(q.MustNot != nil && optionalShould(q.MustNot))
	case *query.ConjunctionQuery:
		return slices.ContainsFunc(q.Conjuncts, optionalShould)
	case *query.DisjunctionQuery:
		return slices.ContainsFunc(q.Disjuncts, optionalShould)
	case decodedPostingsQuery:
		return optionalShould(q.Query)
	case *filteredQuery:
		return optionalShould(q.text) || optionalShould(q.filter)
	}
	return false
}

// advanceByNext is a searcher advanced by its Next alone: the leapfrog's
// text side when bleve's Advance of it is wrong (optionalShould). It scores
// every match before the target, as bleve's own filtered boolean does.
type advanceByNext struct {
	bsearch.Searcher
}

func (s *advanceByNext) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	for {
		dm, err := s.Next(ctx)
		if err != nil || dm == nil || dm.IndexInternalID.Compare(id) >= 0 {
			return dm, err
		}
		ctx.DocumentMatchPool.Put(dm)
	}
}

// candidates is the leapfrog's filter side. When the text query is terms
// (a word over title and body, OR-ed words) bleve answers text AND filter
// without scores by intersecting posting bitmaps, in one term searcher
// over the result: then the text side is advanced only to documents both
// match. A keyword with a speaker filter (thousands of the speaker's
// articles, a hundred with the keyword) advanced the scoring side to each
// of the speaker's articles instead, 40 % of its CPU. Other text queries
// (phrases, negations) leapfrog with the filter alone.
//
// First choice, though: posting bitmaps (docsets.go) of text and filter,
// or of the filter alone, which also answer date filters from the date
// column, where bleve searches a term per date in the range (a keyword
// in a year of news took 390 ms).
func (q *filteredQuery) candidates(ctx context.Context, r index.IndexReader, m mapping.IndexMapping) (bsearch.Searcher, error) {
	if s, err := q.docSetCandidates(ctx, r, m); s != nil || err != nil {
		return s, err
	}
	none := bsearch.SearcherOptions{Score: "none"}
	if s, err := q.both.Searcher(ctx, r, m, none); err == nil {
		if _, bitmap := s.(*searcher.TermSearcher); bitmap {
			return s, nil
		}
		s.Close()
	}
	return q.filter.Searcher(ctx, r, m, none)
}

// docSetCandidates returns candidates from posting bitmaps, or nil when
// the queries do not compile (or the index is not scorch).
func (q *filteredQuery) docSetCandidates(ctx context.Context, r index.IndexReader, m mapping.IndexMapping) (bsearch.Searcher, error) {
	snap, ok := scorchSnapshot(r)
	if !ok || q.cols == nil {
		return nil, nil
	}
	x, ok := compileDocSet(q.both, m)
	if !ok {
		if x, ok = compileDocSet(q.filter, m); !ok {
			return nil, nil
		}
	}
	offsets, cols, err := q.cols.snapshotColumns(snap)
	if err != nil {
		return nil, err
	}
	sets, err := segmentDocSets(snap, x, cols, docSetMemoOf(ctx))
	if errors.Is(err, errNotBitmap) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("filter: %w", err)
	}
	return newDocSetSearcher(offsets, sets), nil
}

// filteredSearcher is the leapfrog of filteredQuery. Documents come in
// internal id order from both sides.
type filteredSearcher struct {
	text, filter bsearch.Searcher
	f            *bsearch.DocumentMatch // the filter's current document
	done         bool
}

func (s *filteredSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if s.done {
		return nil, nil
	}
	t, err := s.text.Next(ctx)
	return s.align(ctx, t, err)
}

func (s *filteredSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	if s.done {
		return nil, nil
	}
	t, err := s.text.Advance(ctx, id)
	return s.align(ctx, t, err)
}

// align moves both sides forward, never back, until they are on the same
// document, and returns the text side's match for it.
func (s *filteredSearcher) align(ctx *bsearch.SearchContext, t *bsearch.DocumentMatch, err error) (*bsearch.DocumentMatch, error) {
	for {
		if err != nil {
			return nil, err
		}
		if t == nil {
			s.done = true
			return nil, nil
		}
		if s.f == nil || s.f.IndexInternalID.Compare(t.IndexInternalID) < 0 {
			if s.f != nil {
				ctx.DocumentMatchPool.Put(s.f)
			}
			s.f, err = s.filter.Advance(ctx, t.IndexInternalID)
			if err != nil {
				return nil, err
			}
			if s.f == nil {
				ctx.DocumentMatchPool.Put(t)
				s.done = true
				return nil, nil
			}
		}
		if s.f.IndexInternalID.Equals(t.IndexInternalID) {
			return t, nil
		}
		// The filter is ahead: skip the text side to its document.
		ctx.DocumentMatchPool.Put(t)
		t, err = s.text.Advance(ctx, s.f.IndexInternalID)
	}
}

func (s *filteredSearcher) Close() error {
	err := s.text.Close()
	if ferr := s.filter.Close(); err == nil {
		err = ferr
	}
	return err
}

func (s *filteredSearcher) Weight() float64            { return s.text.Weight() }
func (s *filteredSearcher) SetQueryNorm(qnorm float64) { s.text.SetQueryNorm(qnorm) }
func (s *filteredSearcher) Count() uint64              { return min(s.text.Count(), s.filter.Count()) }
func (s *filteredSearcher) Min() int                   { return 0 }
func (s *filteredSearcher) DocumentMatchPoolSize() int {
	return s.text.DocumentMatchPoolSize() + s.filter.DocumentMatchPoolSize() + 1
}
func (s *filteredSearcher) Size() int { return filteredSearcherSize + s.text.Size() + s.filter.Size() }

var filteredSearcherSize = int(reflect.TypeFor[filteredSearcher]().Size())
