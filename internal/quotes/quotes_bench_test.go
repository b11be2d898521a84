package quotes

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkExtract measures articles per second and quotes per article on
// the golden articles (go test -bench Extract ./internal/quotes).
func BenchmarkExtract(b *testing.B) {
	files, _ := filepath.Glob("testdata/golden/*.txt")
	var texts []string
	for _, p := range files {
		t, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(t))
	}
	if len(texts) == 0 {
		b.Skip("no testdata")
	}
	x := New()
	b.ReportAllocs()
	b.ResetTimer()
	quotes := 0
	for i := 0; i < b.N; i++ {
		quotes += len(x.Extract(texts[i%len(texts)], nil, nil, nil))
	}
	b.ReportMetric(float64(quotes)/float64(b.N), "quotes/article")
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkExtractOneWordHeads measures a long text of quotes each
// attributed to one capitalised word that is no entity ("Zork said"),
// so that every attribution asks writtenLower whether the text writes
// the word in lower case: one set per document, not a scan of every
// token per head.
func BenchmarkExtractOneWordHeads(b *testing.B) {
	var sb strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&sb, "“We will win the game %d,” Zork said. The game was long and dull.\n\n", i)
	}
	text := sb.String()
	x := New()
	b.ReportAllocs()
	for b.Loop() {
		x.Extract(text, nil, nil, nil)
	}
}
