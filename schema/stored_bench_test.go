package schema

import (
	"strings"
	"testing"
	"time"
)

// benchArticle is a synthetic news article of about 5 KB with curly quotes
// (so offsets go through the non-ASCII path, as in most news), 20 entities
// of 3 mentions each and 8 quotes.
func benchArticle() *Article {
	var b strings.Builder
	a := &Article{ID: "bench", Title: "Bench", URL: "https://example.org/bench", Source: "wire",
		Published: time.Date(2020, 5, 1, 12, 0, 0, 0, time.UTC)}
	pos := 0 // code points written so far
	write := func(s string) (int, int) {
		start := pos
		b.WriteString(s)
		pos += len([]rune(s))
		return start, pos
	}
	ents := make([]Entity, 20)
	for i := range ents {
		ents[i] = Entity{Type: typeCodes[1+i%3], Name: "Name Number " + itoa(i), Mentions: []Mention{}}
	}
	for i := 0; i < 60; i++ {
		e := &ents[i%20]
		s, end := write(e.Name)
		e.Mentions = append(e.Mentions, Mention{Text: e.Name, Start: s, End: end})
		write(" said on Tuesday that ")
		if i%7 == 0 {
			write("“")
			text := "the plan would go ahead despite the objections raised last week"
			qs, qe := write(text)
			write(",” ")
			a.Quotes = append(a.Quotes, Quote{Text: text, Start: qs, End: qe, Kind: KindDirect, Cue: "said", Speaker: e.Name,
				SpeakerMention: &Mention{Text: e.Name, Start: s, End: end}})
		}
		write("the talks had been constructive. ")
	}
	a.Body, a.Entities = b.String(), ents
	return a
}

func BenchmarkArticleDoc(b *testing.B) {
	a := benchArticle()
	b.SetBytes(int64(len(a.Body)))
	for b.Loop() {
		if _, err := ArticleDoc(a); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkArticleFromFields(b *testing.B) {
	a := benchArticle()
	d, err := ArticleDoc(a)
	if err != nil {
		b.Fatal(err)
	}
	fields := map[string]any{}
	for k, v := range d {
		if s, ok := v.(string); ok {
			fields[k] = s
		}
	}
	b.SetBytes(int64(len(a.Body)))
	for b.Loop() {
		if _, err := ArticleFromFields(a.ID, fields); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStoredFacets(b *testing.B) {
	d, err := ArticleDoc(benchArticle())
	if err != nil {
		b.Fatal(err)
	}
	stored := d[FieldStored].(string)
	b.SetBytes(int64(len(stored)))
	for b.Loop() {
		if _, err := StoredFacets(stored); err != nil {
			b.Fatal(err)
		}
	}
}
