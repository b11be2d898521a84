package extract

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/newsfind/newsfind/internal/ner"
	"github.com/newsfind/newsfind/internal/tokenize"
	"github.com/newsfind/newsfind/schema"
)

// newsDir holds the shared news corpora (CI has ../shared beside the checkout).
const newsDir = "../../../shared/data/news"

// benchArticles is how many articles each benchmark op extracts: spread
// evenly over the BBC, Reuters and Wikinews corpora (the base set of the
// bulk indexing benchmark), so that an op sees every source and the
// tagger's word cache sees realistic vocabulary turnover.
const benchArticles = 600

// benchDoc is one article with the output of every stage, so that each
// stage can be timed alone on its real input.
type benchDoc struct {
	text  string
	toks  []tokenize.Token
	sents []tokenize.Sentence
	spans []ner.Span
	ents  []schema.Entity
}

// loadBenchDocs reads the texts (title, blank line, body, as the indexer
// extracts them) and runs the pipeline once over them.
func loadBenchDocs(b *testing.B, p *Pipeline) []benchDoc {
	b.Helper()
	var texts []string
	for _, name := range []string{"bbc.jsonl.gz", "reuters21578.jsonl.gz", "wikinews.jsonl.gz"} {
		f, err := os.Open(filepath.Join(newsDir, name))
		if err != nil {
			b.Skipf("news corpus not available (%v); CI provides ../shared", err)
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			b.Fatalf("%s: %v", name, err)
		}
		sc := bufio.NewScanner(zr)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for sc.Scan() {
			var a struct{ Title, Body string }
			if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
				b.Fatalf("%s: %v", name, err)
			}
			text := a.Body
			if a.Title != "" {
				text = a.Title + "\n\n" + a.Body
			}
			texts = append(texts, text)
		}
		if err := sc.Err(); err != nil {
			b.Fatalf("%s: %v", name, err)
		}
		f.Close()
	}
	step := max(1, len(texts)/benchArticles)
	var docs []benchDoc
	for i := 0; i < len(texts) && len(docs) < benchArticles; i += step {
		d := benchDoc{text: texts[i]}
		d.toks = tokenize.Tokenize(d.text)
		d.sents = tokenize.Sentences(d.text, d.toks)
		d.spans = p.tagger.Tag(d.toks, d.sents)
		d.ents = p.resolver.Resolve(d.text, d.toks, d.sents, d.spans)
		docs = append(docs, d)
	}
	return docs
}

// cpuTime is the user+system CPU time used by this process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkStages times each extraction stage alone over the same articles
// (one op = every article once), like the "Extraction alone" table of
// BENCHMARKS.md, and reports µs and allocations per article. Compare runs
// with benchstat (-count 6 or more: the machine is shared).
func BenchmarkStages(b *testing.B) {
	p, err := Default()
	if err != nil {
		b.Skip(err)
	}
	docs := loadBenchDocs(b, p)
	stages := []struct {
		name string
		run  func(d *benchDoc)
	}{
		{"tokenize", func(d *benchDoc) { tokenize.Tokenize(d.text) }},
		{"sentences", func(d *benchDoc) { tokenize.Sentences(d.text, d.toks) }},
		{"ner", func(d *benchDoc) { p.tagger.Tag(d.toks, d.sents) }},
		{"entities", func(d *benchDoc) { p.resolver.Resolve(d.text, d.toks, d.sents, d.spans) }},
		{"quotes", func(d *benchDoc) { p.quotes.Extract(d.text, d.toks, d.sents, d.ents) }},
		{"all", func(d *benchDoc) { p.Extract(d.text) }},
	}
	for _, st := range stages {
		b.Run(st.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				for i := range docs {
					st.run(&docs[i])
				}
			}
			n := float64(b.N) * float64(len(docs))
			b.ReportMetric(float64(b.Elapsed().Microseconds())/n, "µs/article")
			// the process's CPU time (garbage collection included) varies
			// less than wall time on a shared machine
			if cpu := cpuTime() - cpu0; cpu > 0 {
				b.ReportMetric(float64(cpu.Microseconds())/n, "cpu-µs/article")
			}
		})
	}
}
