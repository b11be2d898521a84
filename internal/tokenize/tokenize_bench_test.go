package tokenize

import (
	"os"
	"testing"
)

func benchText(b *testing.B) string {
	raw, err := os.ReadFile("../../../shared/seed/article.txt")
	if err != nil {
		raw = []byte("Mr. J. K. Rowling said: “It’s the U.S. economy,” on Jan. 5. The firm, Acme Inc., earned $3.5 million (1,000 units).\n")
	}
	text := ""
	for len(text) < 64<<10 {
		text += string(raw)
	}
	return text
}

func BenchmarkTokenize(b *testing.B) {
	text := benchText(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n += len(Tokenize(text))
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "tokens/s")
}

func BenchmarkSentences(b *testing.B) {
	text := benchText(b)
	toks := Tokenize(text)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Sentences(text, toks)
	}
}
