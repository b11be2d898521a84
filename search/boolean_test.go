package search

import (
	"context"
	"encoding/json"
	"github.com/newsfind/newsfind/schema"
	"reflect"
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
		{`a NOT b`, `should[a] not[b]`, `must[a] not[b]`},
		{`a NOT b c`, `should[a c] not[b]`, `must[a c] not[b]`},
		{`a AND NOT b c`, `must[a] should[c] not[b]`, `must[a c] not[b]`},
		{`a NOT "b c" OR d`, `should[a d] not["b c"]`, `must[a d] not["b c"]`}, // NOT takes one term
		{`NOT b`, `not[b]`, `not[b]`},
		{`+x a NOT b -y`, `must[x] should[a] not[y b]`, `must[x a] not[y b]`},
		{`a NOT`, `should[a]`, `must[a]`}, // dangling
		{`a not b`, `should[a not b]`, `must[a not b]`},
		{`NOT`, `should[NOT]`, `should[NOT]`},
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

// TestTypographicQuotes: a phrase pasted with typographic quotation marks
// (“…”, „…“, «…», full-width ＂) is the same query as one in ASCII quotes.
func TestTypographicQuotes(t *testing.T) {
	tests := []struct{ typed, ascii string }{
		{`“prime minister”`, `"prime minister"`},
		{`„prime minister“`, `"prime minister"`},
		{`«prime minister»`, `"prime minister"`},
		{`＂prime minister＂`, `"prime minister"`},
		{`oil OR “natural gas” -“shale gas”`, `oil OR "natural gas" -"shale gas"`},
		{`place:“white house”`, `place:"white house"`},
		{`Blair’s “third term”`, `Blair’s "third term"`},
	}
	for _, tt := range tests {
		for _, field := range []string{"", "quote_text"} {
			got, err := parseQueryString("q", tt.typed, field, false)
			if err != nil {
				t.Errorf("parseQueryString(%q): %v", tt.typed, err)
				continue
			}
			want, err := parseQueryString("q", tt.ascii, field, false)
			if err != nil {
				t.Fatalf("parseQueryString(%q): %v", tt.ascii, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("parseQueryString(%q) = %s, want the query of %q: %s", tt.typed, show(got), tt.ascii, show(want))
			}
		}
	}
	if _, err := parseQueryString("q", `“unclosed`, "", false); err == nil || !strings.Contains(err.Error(), "unterminated quote") {
		t.Errorf("unclosed typographic quote: %v, want an unterminated quote error", err)
	}
}

func show(q query.Query) string {
	b, _ := json.Marshal(q)
	return string(b)
}

// TestOtherDigitNumbers: numbers in digits other than ASCII (Devanagari,
// Arabic-Indic, full-width) are searched as words, where bleve's parser
// failed on them ("error parsing number"); ASCII numbers keep bleve's
// meaning, and phrases, escapes and mixed words are left as typed.
func TestOtherDigitNumbers(t *testing.T) {
	tests := []struct{ typed, same string }{
		{"४५ girls", `"४५" girls`},
		{"٢٠٢٤", `"٢٠٢٤"`},
		{"body:४५", `body:"४५"`},
		{"+४५ -٣", `+"४५" -"٣"`},
		{"１２.５ percent", `"１２.５" percent`},
		{"(४५ OR ४६) girls", `("४५" OR "४६") girls`},
		{`"१९ august"`, `"१९ august"`},
		{"४५abc", "४५abc"},
		{"४५-४६", "४५-४६"},
	}
	for _, tt := range tests {
		got, err := parseQueryString("q", tt.typed, "", false)
		if err != nil {
			t.Errorf("parseQueryString(%q): %v", tt.typed, err)
			continue
		}
		want, err := parseQueryString("q", tt.same, "", false)
		if err != nil {
			t.Fatalf("parseQueryString(%q): %v", tt.same, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("parseQueryString(%q) = %s, want %s", tt.typed, show(got), show(want))
		}
	}
	if got, err := parseQueryString("q", "2024", "", false); err != nil || !strings.Contains(show(got), `"inclusive_min"`) {
		t.Errorf("ASCII 2024: %s, %v: want bleve's word-or-number query", show(got), err)
	}
	st := openStore(t, []*schema.Article{
		{ID: "hi", Title: "४५ लड़कियों को बचाया गया", Body: "पुलिस ने ४५ लड़कियों को बचाया।"},
		{ID: "ar", Title: "انتخابات ٢٠٢٤", Body: "جرت الانتخابات في عام ٢٠٢٤."},
	})
	for q, id := range map[string]string{"४५": "hi", "title:٢٠٢٤": "ar"} {
		res, err := Search(context.Background(), st, Request{Query: q})
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		if res.Total != 1 || len(res.Hits) != 1 || res.Hits[0].ID != id {
			t.Errorf("search %q: %d hits %v, want %s", q, res.Total, res.Hits, id)
		}
	}
}
