package search

import (
	"fmt"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/google/go-cmp/cmp"
	"github.com/newsfind/newsfind/schema"
)

// TestFilteredQueryMatchesBleveFilter: the leapfrogging filteredQuery finds
// the same documents with the same scores, in the same order, as bleve's
// boolean filter clause, on three shards with several segments, replaced
// and deleted documents; filters from very selective to almost everything.
func TestFilteredQueryMatchesBleveFilter(t *testing.T) {
	st := columnsStore(t, 250)
	_, all, _ := bleveCounts(t, st, bleve.NewMatchAllQuery())
	term := func(field, v string) query.Query {
		q := bleve.NewTermQuery(v)
		q.SetField(field)
		return q
	}
	word := func(w string) query.Query {
		q, err := parseQueryString("q", w, "", false)
		if err != nil {
			t.Fatal(err)
		}
		return q
	}
	rare := all[schema.FieldPerson][len(all[schema.FieldPerson])-1].Value
	common := all[schema.FieldPerson][0].Value
	filters := map[string]query.Query{
		"rare person":   term(schema.FieldPerson, rare),
		"common person": term(schema.FieldPerson, common),
		"source or source": bleve.NewDisjunctionQuery(term(schema.FieldSource, all[schema.FieldSource][0].Value),
			term(schema.FieldSource, all[schema.FieldSource][1].Value)),
		"person and source": bleve.NewConjunctionQuery(term(schema.FieldPerson, common),
			term(schema.FieldSource, all[schema.FieldSource][0].Value)),
		"nothing":  term(schema.FieldPerson, "Nobody At All"),
		"everyone": bleve.NewMatchAllQuery(),
	}
	texts := map[string]query.Query{
		"word":      word("government"),
		"two words": word("government election"),
		"phrase":    word(`"government election"`),
		"rare word": word("earthquake"),
		// A must and an optional should clause: see optionalShould.
		"must and should": word("+government election"),
		"nested":          word("(+government election) OR earthquake"),
	}
	var nonEmpty int
	for tn, text := range texts {
		for fn, filter := range filters {
			t.Run(tn+"/"+fn, func(t *testing.T) {
				want := bleve.NewBooleanQuery()
				want.AddMust(text)
				want.AddFilter(filter)
				ref := allHits(t, st.Articles(), want)
				got := allHits(t, st.Articles(), newFilteredQuery(text, filter))
				if diff := cmp.Diff(ref, got); diff != "" {
					t.Errorf("(-bleve filter +filteredQuery):\n%s", diff)
				}
				if len(ref) > 0 {
					nonEmpty++
				}
			})
		}
	}
	if nonEmpty < len(texts)*len(filters)/2 {
		t.Errorf("only %d of %d combinations match anything: the test data does not exercise the searcher", nonEmpty, len(texts)*len(filters))
	}
}

// TestLoneClauseScoresAsWrapped: a query whose boolean wrapper lone
// dropped finds the same documents with the same scores as the wrapped
// query bleve's parser made.
func TestLoneClauseScoresAsWrapped(t *testing.T) {
	st := columnsStore(t, 250)
	for _, q := range []string{"government", "election climate", "title:government", `"kalo mi"`, "gover*", "government -election"} {
		parsed, err := parseQueryString("q", q, "", false)
		if err != nil {
			t.Fatal(err)
		}
		wrapped := query.NewBooleanQueryForQueryString(nil, []query.Query{parsed}, nil)
		search := func(q query.Query) []string {
			req := bleve.NewSearchRequestOptions(q, 1000, 0, false)
			req.SortBy([]string{"-_score", "_id"})
			res, err := st.Articles().Search(req)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, h := range res.Hits {
				out = append(out, fmt.Sprintf("%s %v", h.ID, h.Score))
			}
			return out
		}
		got, want := search(parsed), search(wrapped)
		if len(want) == 0 {
			t.Errorf("%q: no hits", q)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%q: hits and scores differ (-wrapped +lone):\n%s", q, diff)
		}
	}
}
