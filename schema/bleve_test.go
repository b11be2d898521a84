package schema

import (
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestRoundTripThroughBleve indexes articles with the real mapping and reads
// them back the way the store does (Fields: ["*"]): what bleve returns for
// stored fields (dates re-formatted, numbers as float64) must rebuild the
// article exactly, and quote documents must carry what quote search shows.
func TestRoundTripThroughBleve(t *testing.T) {
	ix, err := bleve.NewUsing("", NewArticleMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	qix, err := bleve.NewUsing("", NewQuoteMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer qix.Close()

	frac := sampleArticle()
	frac.ID = "frac"
	frac.Published = time.Date(1987, 3, 2, 17, 30, 24, 790000000, time.UTC) // Reuters-21578 dates have centiseconds
	split := sampleArticle()
	split.ID, split.URL = "split", ""
	split.Body = "“We will win,” said Zoë in Köln. “No doubt.”"
	split.Entities = []Entity{{Type: TypePerson, Name: "Zoë", Mentions: []Mention{{Text: "Zoë", Start: 20, End: 23}}}}
	split.Quotes = []Quote{{Text: "We will win, No doubt.", Start: 1, End: 42, Kind: KindDirect, Cue: "said", Speaker: "Zoë",
		SpeakerMention: &Mention{Text: "Zoë", Start: 20, End: 23}}}
	undated := sampleArticle()
	undated.ID, undated.Published, undated.Source = "undated", time.Time{}, ""

	for _, a := range []*Article{sampleArticle(), frac, split, undated} {
		d, err := ArticleDoc(a)
		if err != nil {
			t.Fatal(err)
		}
		if err := ix.Index(a.ID, d); err != nil {
			t.Fatal(err)
		}
		for id, qd := range QuoteDocs(a) {
			if err := qix.Index(id, qd); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, a := range []*Article{sampleArticle(), frac, split, undated} {
		t.Run(a.ID, func(t *testing.T) {
			req := bleve.NewSearchRequest(bleve.NewDocIDQuery([]string{a.ID}))
			req.Fields = []string{"*"}
			res, err := ix.Search(req)
			if err != nil || len(res.Hits) != 1 {
				t.Fatalf("get %s: %v, %d hits", a.ID, err, len(res.Hits))
			}
			got, err := ArticleFromFields(a.ID, res.Hits[0].Fields)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(a, got); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
			// Quote search reads the quotes alone from the stored field.
			stored, _ := res.Hits[0].Fields[FieldStored].(string)
			quotes, err := StoredQuotes(a.Body, stored)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(a.Quotes, quotes, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("StoredQuotes (-want +got):\n%s", diff)
			}
			if _, err := StoredQuotes("short", stored); err == nil && a.ID != "split" {
				t.Errorf("StoredQuotes on a body too short for the offsets: no error")
			}

			req = bleve.NewSearchRequest(bleve.NewDocIDQuery([]string{QuoteDocID(a.ID, 0)}))
			req.Fields = []string{"*"}
			res, err = qix.Search(req)
			if err != nil || len(res.Hits) != 1 {
				t.Fatalf("get quote of %s: %v, %d hits", a.ID, err, len(res.Hits))
			}
			// Quote documents store nothing: quote search reads a quote
			// from its article, which round-trips it above (split quotes
			// too).
			if f := res.Hits[0].Fields; len(f) != 0 {
				t.Errorf("quote document stores %v, want nothing", f)
			}
		})
	}
}
