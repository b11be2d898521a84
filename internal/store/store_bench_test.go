package store

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/newsfind/newsfind/schema"
)

// benchArticle is a news-sized article (about 2 KB of body, 8 entities,
// 3 quotes), like what extraction produces for a BBC story.
func benchArticle(id string, n int) *schema.Article {
	words := strings.Fields("the minister said on monday that the government would cut taxes for small firms while the opposition called the plan a gamble with public money and markets fell")
	var b strings.Builder
	for i := 0; b.Len() < 2000; i++ {
		b.WriteString(words[(i*7+n)%len(words)])
		b.WriteByte(' ')
	}
	a := &schema.Article{ID: id, Title: "Minister plans tax cut " + id, Body: b.String(), Source: "bench",
		Published: time.Date(2005, 1, 1+n%28, 0, 0, 0, 0, time.UTC)}
	for e := 0; e < 8; e++ {
		typ := []string{schema.TypePerson, schema.TypePlace, schema.TypeOrganization}[e%3]
		a.Entities = append(a.Entities, schema.Entity{Type: typ, Name: fmt.Sprintf("Entity %d", (n+e)%200),
			Mentions: []schema.Mention{{Text: "Entity", Start: e * 10, End: e*10 + 6}, {Text: "Entity", Start: e*10 + 100, End: e*10 + 106}}})
	}
	for q := 0; q < 3; q++ {
		a.Quotes = append(a.Quotes, schema.Quote{Text: "the plan is a gamble with public money", Start: 50 * q, End: 50*q + 38,
			Kind: schema.KindDirect, Cue: "said", Speaker: fmt.Sprintf("Entity %d", (n+q)%200)})
	}
	return a
}

func benchOps(prefix string, n int) []Op {
	ops := make([]Op, n)
	for i := range ops {
		id := fmt.Sprintf("%s-%d", prefix, i)
		ops[i] = Op{ID: id, Article: benchArticle(id, i)}
	}
	return ops
}

// BenchmarkApplyCreate writes batches of 500 new articles (and their quote
// docs) into a 2-shard in-memory store: the store's share of bulk indexing.
func BenchmarkApplyCreate(b *testing.B) {
	s, err := Open("", Options{Shards: 2})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		if _, err := s.Apply(benchOps(fmt.Sprint("b", n), 500)); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(500*n)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkApplyReplace re-writes the same 500 articles: the existence
// lookup and the deletion of old quote docs.
func BenchmarkApplyReplace(b *testing.B) {
	s, err := Open("", Options{Shards: 2})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ops := benchOps("r", 500)
	if _, err := s.Apply(ops); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		if _, err := s.Apply(ops); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(500*n)/b.Elapsed().Seconds(), "articles/s")
}
