package schema

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/google/go-cmp/cmp"
)

func sampleArticle() *Article {
	return &Article{
		ID: "a1", URL: "https://example.org/a1", Title: "T", Body: "Josh Earnest said it in Jakarta.",
		Published: time.Date(2016, 1, 15, 10, 0, 0, 0, time.UTC), Source: "wire", Authors: []string{"A. Writer"},
		Extra: map[string]json.RawMessage{"lang": json.RawMessage(`"en"`)},
		Entities: []Entity{
			{Type: TypePerson, Name: "Josh Earnest", Mentions: []Mention{{Text: "Josh Earnest", Start: 0, End: 12}}},
			{Type: TypePlace, Name: "Jakarta", Mentions: []Mention{{Text: "Jakarta", Start: 24, End: 31}}, Geo: &Geo{CountryCode: "ID", Lat: -6.2, Lon: 106.8}},
		},
		Quotes: []Quote{{Text: "it", Start: 18, End: 20, Kind: KindIndirect, Cue: "said", Speaker: "Josh Earnest",
			SpeakerMention: &Mention{Text: "Josh Earnest", Start: 0, End: 12}}},
	}
}

func TestArticleDocRoundTrip(t *testing.T) {
	a := sampleArticle()
	d, err := ArticleDoc(a)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{FieldPerson: []string{"Josh Earnest"}, FieldPlace: []string{"Jakarta"}, FieldSpeaker: []string{"Josh Earnest"},
		FieldSource: "wire", FieldPublished: "2016-01-15T10:00:00.000000000Z"}
	for k, v := range want {
		if diff := cmp.Diff(v, d[k]); diff != "" {
			t.Errorf("field %s (-want +got):\n%s", k, diff)
		}
	}
	if _, ok := d[FieldOrg]; ok {
		t.Errorf("org set without organisations: %v", d[FieldOrg])
	}
	got, err := ArticleFromFields("a1", storedFields(d))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestQuoteDocs(t *testing.T) {
	a := sampleArticle()
	qs := QuoteDocs(a)
	q, ok := qs[QuoteDocID("a1", 0)]
	if len(qs) != 1 || !ok {
		t.Fatalf("quote docs = %v", qs)
	}
	if _, ok := q[FieldArticleID]; ok {
		t.Error("a quote document has an article id field (its id says the article)")
	}
	for k, v := range map[string]any{FieldSpeaker: "Josh Earnest",
		FieldPlace: []string{"Jakarta"}, FieldSource: "wire", FieldCue: "said", FieldKind: KindIndirect} {
		if diff := cmp.Diff(v, q[k]); diff != "" {
			t.Errorf("field %s (-want +got):\n%s", k, diff)
		}
	}
}

func TestArticleFromFieldsBadStored(t *testing.T) {
	if _, err := ArticleFromFields("x", map[string]any{FieldStored: "{"}); err == nil {
		t.Fatal("corrupt stored JSON accepted")
	}
	for _, stored := range []string{`{"p":-99999999999999}`, `{"p":"1452846600"}`, `{"p":null}`} {
		if _, err := ArticleFromFields("x", map[string]any{FieldStored: stored}); err == nil {
			t.Fatalf("stored published %s accepted", stored)
		}
	}
	if _, err := ArticleDoc(&Article{ID: "x", Published: time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)}); err == nil {
		t.Fatal("an article dated 2300 indexed: its stored date could not be read back")
	}
	if _, err := ArticleFromFields("x", map[string]any{FieldPublished: "yesterday"}); err == nil {
		t.Fatal("corrupt published accepted")
	}
}

// TestPublishedKeyOrder: the indexed date strings sort like the dates, so
// date ranges and the date sort can work on the strings.
func TestPublishedKeyOrder(t *testing.T) {
	dates := []time.Time{
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1969, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(1987, 3, 2, 17, 30, 24, 790000000, time.UTC),
		time.Date(1987, 3, 2, 17, 30, 24, 800000000, time.UTC),
		time.Date(2016, 1, 15, 10, 0, 0, 0, time.FixedZone("WIB", 7*3600)), // 03:00 UTC
		time.Date(2016, 1, 15, 9, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
	}
	for i := 1; i < len(dates); i++ {
		a, b := PublishedKey(dates[i-1]), PublishedKey(dates[i])
		if len(a) != len(b) || a >= b {
			t.Errorf("PublishedKey(%v) = %q is not before PublishedKey(%v) = %q", dates[i-1], a, dates[i], b)
		}
		back, err := time.Parse(time.RFC3339Nano, b)
		if err != nil || !back.Equal(dates[i]) {
			t.Errorf("%q parses back as %v (%v), want %v", b, back, err, dates[i])
		}
	}
}

// TestNoAllField: every field is left out of _all (search/ expands a bare
// word into title OR body), so the mappings must not build the empty _all
// composite field either: bleve still walked every field of every document
// into it and the segment builder processed it, about 5 % of bulk-load CPU.
func TestNoAllField(t *testing.T) {
	a := sampleArticle()
	art, err := ArticleDoc(a)
	if err != nil {
		t.Fatal(err)
	}
	docs := []struct {
		name string
		m    *mapping.IndexMappingImpl
		data map[string]any
	}{{"article", NewArticleMapping(), art}}
	for id, q := range QuoteDocs(a) {
		docs = append(docs, struct {
			name string
			m    *mapping.IndexMappingImpl
			data map[string]any
		}{"quote " + id, NewQuoteMapping(), q})
	}
	for _, d := range docs {
		doc := document.NewDocument("x")
		if err := d.m.MapDocument(doc, d.data); err != nil {
			t.Fatalf("%s: %v", d.name, err)
		}
		if len(doc.Fields) == 0 {
			t.Errorf("%s: no fields mapped", d.name)
		}
		for _, c := range doc.CompositeFields {
			t.Errorf("%s: composite field %q built", d.name, c.Name())
		}
	}
}
