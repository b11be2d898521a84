package server

import (
	"bytes"
	"context"
	"fmt"
	"github.com/newsfind/newsfind/indexer"
	"github.com/newsfind/newsfind/internal/store"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/newsfind/newsfind/schema"
)

var benchWords = strings.Fields("election flood market minister court strike storm summit budget vote trade border health school energy")

func benchEnv(b *testing.B, n int) *env { return benchEnvWith(b, Config{}, n) }

func benchEnvWith(b *testing.B, cfg Config, n int) *env {
	e := newEnv(b, cfg)
	arts := make([]*schema.Article, n)
	for i := range arts {
		w1, w2 := benchWords[i%len(benchWords)], benchWords[(i*7)%len(benchWords)]
		arts[i] = testArticle(fmt.Sprintf("a%d", i), "News about "+w1,
			strings.Repeat("The "+w1+" and the "+w2+" were in the news today. ", 20),
			fmt.Sprintf("Person %d", i%50))
	}
	e.seed(arts...)
	return e
}

func benchGet(b *testing.B, h http.Handler, path string, header ...string) {
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		r := httptest.NewRequest("GET", "http://localhost"+path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			r.Header.Set(header[i], header[i+1])
		}
		h.ServeHTTP(rec, r)
		if rec.Code != 200 {
			b.Fatalf("GET %s = %d %s", path, rec.Code, rec.Body)
		}
		io.Copy(io.Discard, rec.Body)
	}
}

// BenchmarkHealthz is the cost of the middleware chain and router alone.
func BenchmarkHealthz(b *testing.B) {
	e := benchEnv(b, 0)
	benchGet(b, e.srv.Handler(), "/healthz")
}

// BenchmarkSearchHTTP is a keyword search with facets over 2,000 articles,
// through the whole handler (decode, search, encode).
func BenchmarkSearchHTTP(b *testing.B) {
	e := benchEnv(b, 2000)
	benchGet(b, e.srv.Handler(), "/api/search?q=election&size=10")
}

func BenchmarkStatsHTTP(b *testing.B) {
	e := benchEnv(b, 2000)
	benchGet(b, e.srv.Handler(), "/api/stats")
}

// BenchmarkBulkHTTP posts 500 gzip-compressed NDJSON articles per request
// with the trivial test extractor, so it measures the HTTP, decoding and
// store path, not extraction. Reports articles/s.
func BenchmarkBulkHTTP(b *testing.B) {
	e := benchEnv(b, 0)
	const n = 500
	raw := benchNDJSON(n)
	body := gzipBytes(b, raw)
	h := e.srv.Handler()
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		r := httptest.NewRequest("POST", "http://localhost/api/bulk", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/x-ndjson")
		r.Header.Set("Content-Encoding", "gzip")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Code != 200 {
			b.Fatalf("bulk = %d %s", rec.Code, rec.Body)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "articles/s")
}

func benchNDJSON(n int) []byte {
	var sb strings.Builder
	for i := range n {
		w := benchWords[i%len(benchWords)]
		fmt.Fprintf(&sb, `{"id":"b%d","title":"News about %s","body":%q}`+"\n", i, w,
			strings.Repeat("Obama spoke in Berlin about the "+w+". ", 20))
	}
	return []byte(sb.String())
}

// BenchmarkBulkDirect is BenchmarkBulkHTTP without HTTP (plain NDJSON
// straight into the indexer): the difference is the server's share.
func BenchmarkBulkDirect(b *testing.B) {
	st, err := store.Open("", store.Options{Shards: 2})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ix := indexer.New(st, fakeExtractor{}, indexer.Options{Workers: 2, BatchSize: 2})
	const n = 500
	raw := benchNDJSON(n)
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := ix.Bulk(context.Background(), bytes.NewReader(raw)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "articles/s")
}
