package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/google/go-cmp/cmp"
	"github.com/newsfind/newsfind/internal/store"
	"github.com/newsfind/newsfind/schema"
)

// TestExactPhraseMatchesBleve: exactPhraseQuery finds the documents bleve's
// phrase searcher finds, with the same scores and the same matched
// locations (what highlighting marks), on two shards with several segments
// and replaced documents: phrases cut from the articles at random, phrases
// with stop words (gaps after analysis), repeated words, words that occur
// apart but not together, and phrases that occur nowhere.
func TestExactPhraseMatchesBleve(t *testing.T) {
	st, err := store.Open("", store.Options{Shards: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	arts := synthArticles(150, 11)
	crafted := []string{
		"The prime minister of the United Kingdom met the Prime Minister of Canada. Minister Prime spoke.",
		"Bye bye bye, said the band; bye bye again. The minister was prime.",
		"State of the Union: the state of the union is strong, the union of the states.",
		"Ministers' meetings: the prime ministers met; a minister's prime concern.",
	}
	for i, body := range crafted {
		arts = append(arts, &schema.Article{ID: fmt.Sprintf("c%d", i), Title: strings.SplitN(body, ".", 2)[0], Body: body})
	}
	for i := 0; i < len(arts); i += 40 { // several segments
		var ops []store.Op
		for _, a := range arts[i:min(i+40, len(arts))] {
			ops = append(ops, store.Op{ID: a.ID, Article: a})
		}
		if _, err := st.Apply(ops); err != nil {
			t.Fatal(err)
		}
	}
	var ops []store.Op // replaced: old versions stay in their segments, deleted
	for i := 0; i < len(arts); i += 9 {
		b := *arts[i]
		b.Body += " prime minister"
		ops = append(ops, store.Op{ID: b.ID, Article: &b})
	}
	if _, err := st.Apply(ops); err != nil {
		t.Fatal(err)
	}

	phrases := []string{"prime minister", "Prime Minister of Canada", "minister prime", "state of the union",
		"union of the states", "bye bye", "bye bye bye", "bye bye bye bye", "the union", "prime ministers",
		"minister's prime concern", "prime", "nowhere at all", "United Kingdom met", "of the", "minister was prime"}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 40 { // windows of 2-4 words of the synthetic articles
		words := strings.Fields(arts[rng.IntN(150)].Body)
		n := 2 + rng.IntN(3)
		i := rng.IntN(len(words) - n)
		phrases = append(phrases, strings.Join(words[i:i+n], " "))
	}
	var matched int
	for _, p := range phrases {
		for _, field := range []string{schema.FieldBody, schema.FieldTitle} {
			ref := bleve.NewMatchPhraseQuery(p)
			ref.SetField(field)
			cp := *ref
			ref2 := bleve.NewMatchPhraseQuery(p)
			ref2.SetField(field)
			ref2.SetBoost(2.5)
			cp2 := *ref2
			for name, pair := range map[string][2]query.Query{
				"":        {ref, exactPhraseQuery{&cp}},
				" boost":  {ref2, exactPhraseQuery{&cp2}},
				" in AND": {bleve.NewConjunctionQuery(ref, bleve.NewMatchAllQuery()), bleve.NewConjunctionQuery(exactPhraseQuery{&cp}, bleve.NewMatchAllQuery())},
			} {
				t.Run(fmt.Sprintf("%s/%q%s", field, p, name), func(t *testing.T) {
					want := allHits(t, st.Articles(), pair[0])
					got := allHits(t, st.Articles(), pair[1])
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("(-bleve +exact):\n%s", diff)
					}
					if name == "" && len(want) > 0 {
						matched++
					}
				})
			}
		}
	}
	if matched < len(phrases) {
		t.Errorf("only %d of %d phrase/field pairs match anything: the test does not exercise the searcher", matched, 2*len(phrases))
	}

	// The query-string path wraps phrases (over title and body).
	q, err := parseQueryString("q", `"prime minister" -bye`, "", false)
	if err != nil {
		t.Fatal(err)
	}
	var leaves []string
	rewriteLeaves(q, func(leaf query.Query) (query.Query, error) {
		leaves = append(leaves, fmt.Sprintf("%T", leaf))
		return leaf, nil
	})
	want := []string{"search.exactPhraseQuery", "search.exactPhraseQuery", "*query.MatchQuery", "*query.MatchQuery"}
	if diff := cmp.Diff(want, leaves); diff != "" {
		t.Errorf("leaves of the parsed query (-want +got):\n%s", diff)
	}
}

// allHits returns every hit of q, best first, with its score and the
// locations of every matched term (what highlighting marks).
func allHits(t *testing.T, ix bleve.Index, q query.Query) []string {
	t.Helper()
	req := bleve.NewSearchRequestOptions(q, 10000, 0, false)
	req.SortBy([]string{"-_score", "_id"})
	req.IncludeLocations = true
	res, err := ix.SearchInContext(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, fmt.Sprintf("%s %.12g %s", h.ID, h.Score, locString(h.Locations)))
	}
	if res.Total != uint64(len(out)) {
		t.Fatalf("total %d, %d hits", res.Total, len(out))
	}
	return out
}

func locString(fl bsearch.FieldTermLocationMap) string {
	var parts []string
	for f, terms := range fl {
		for term, locs := range terms {
			for _, l := range locs {
				parts = append(parts, fmt.Sprintf("%s:%s@%d[%d:%d]%v", f, term, l.Pos, l.Start, l.End, l.ArrayPositions))
			}
		}
	}
	slices.Sort(parts)
	return strings.Join(parts, " ")
}
