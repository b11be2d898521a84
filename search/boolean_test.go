package search

import (
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/search/query"
)

// TestBooleanWords checks how OR and AND group the bare terms of a query
// string, in both modes (q: optional terms; said=: required terms).
func TestBooleanWords(t *testing.T) {
	tests := []struct {
		q             string
		anyTerms, all string // clauses after booleanWords, as show renders them
	}{
		{`a b`, `should[a b]`, `must[a b]`},
		{`a OR b`, `should[a b]`, `must[(a|b)]`},
		{`a OR b c`, `should[a b c]`, `must[(a|b) c]`},
		{`a AND b c`, `must[a b] should[c]`, `must[a b c]`},
		{`a AND b OR c d`, `must[a (b|c)] should[d]`, `must[a (b|c) d]`},
		{`a OR b AND c`, `must[(a|b) c]`, `must[(a|b) c]`},
		{`a OR "b c" OR d`, `should[a "b c" d]`, `must[(a|"b c"|d)]`},
		{`OR a OR`, `should[a]`, `must[a]`},                            // dangling operators
		{`a OR OR b`, `should[a b]`, `must[(a|b)]`},                    // doubled
		{`+x a OR -y`, `must[x] should[a] not[y]`, `must[x a] not[y]`}, // +/- clauses keep no position
		{`a or b`, `should[a or b]`, `must[a or b]`},                   // lower case: words
		{`a OR^2 b`, `should[a OR b]`, `must[a OR b]`},                 // boosted: a word
		{`title:OR a`, `should[title:OR a]`, `must[title:OR a]`},       // fielded: a word
		{`OR`, `should[OR]`, `should[OR]`},                             // operators only: left alone
		{`AND OR`, `should[AND OR]`, `should[AND OR]`},
	}
	for _, tt := range tests {
		for _, all := range []bool{false, true} {
			want := tt.anyTerms
			if all {
				want = tt.all
			}
			parsed, err := query.NewQueryStringQuery(tt.q).Parse()
			if err != nil {
				t.Fatalf("%q: %v", tt.q, err)
			}
			b := parsed.(*query.BooleanQuery)
			booleanWords(b, all)
			if got := showBoolean(b); got != want {
				t.Errorf("booleanWords(%q, allTerms %v) = %s, want %s", tt.q, all, got, want)
			}
		}
	}
}

// showBoolean renders the clauses of b compactly: must[…] should[…] not[…].
func showBoolean(b *query.BooleanQuery) string {
	var parts []string
	add := func(name string, q query.Query) {
		var qs []query.Query
		switch c := q.(type) {
		case *query.ConjunctionQuery:
			qs = c.Conjuncts
		case *query.DisjunctionQuery:
			qs = c.Disjuncts
		case nil:
		default:
			qs = []query.Query{c}
		}
		if len(qs) == 0 {
			return
		}
		var s []string
		for _, q := range qs {
			s = append(s, showLeaf(q))
		}
		parts = append(parts, name+"["+strings.Join(s, " ")+"]")
	}
	add("must", b.Must)
	add("should", b.Should)
	add("not", b.MustNot)
	return strings.Join(parts, " ")
}

func showLeaf(q query.Query) string {
	switch c := q.(type) {
	case *query.MatchQuery:
		if c.FieldVal != "" {
			return c.FieldVal + ":" + c.Match
		}
		return c.Match
	case *query.MatchPhraseQuery:
		return `"` + c.MatchPhrase + `"`
	case *query.BooleanQuery: // anyOf
		if d, ok := c.Should.(*query.DisjunctionQuery); ok && c.Must == nil && c.MustNot == nil {
			var s []string
			for _, d := range d.Disjuncts {
				s = append(s, showLeaf(d))
			}
			return "(" + strings.Join(s, "|") + ")"
		}
	}
	return "?"
}
