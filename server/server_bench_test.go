package server

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/newsfind/newsfind/schema"
)

var benchWords = strings.Fields("election flood market minister court strike storm summit budget vote trade border health school energy")

func benchEnv(b *testing.B, n int) *env {
	e := newEnv(b, Config{})
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

func benchGet(b *testing.B, h http.Handler, path string) {
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "http://localhost"+path, nil))
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
