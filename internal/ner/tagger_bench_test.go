package ner

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"math/rand/v2"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/newsfind/newsfind/internal/tokenize"
)

// BenchmarkTagDev tags the CoNLL-2003 dev set document by document and
// reports tokens/s (target: >= 200,000 per core).
func BenchmarkTagDev(b *testing.B) {
	f, err := os.Open(sharedDir + "/data/conll2003/dev.txt")
	if err != nil {
		b.Skipf("dev set not available: %v", err)
	}
	docs, err := ReadCoNLL(f)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	tg := mustDefault(b)
	var sents [][][]string
	tokens := 0
	for _, d := range docs {
		var ws [][]string
		for _, s := range d.Sentences {
			ws = append(ws, s.Words)
			tokens += len(s.Words)
		}
		sents = append(sents, ws)
	}
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		for _, d := range sents {
			tg.TagDocument(d)
		}
	}
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
	// on a shared machine wall time understates speed; tokens per second of
	// this process's CPU time is the per-core figure
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(tokens)*float64(b.N)/cpu.Seconds(), "tokens/cpu-s")
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkTagArticle tags the seed article from raw text via tokenize.
func BenchmarkTagArticle(b *testing.B) {
	raw, err := os.ReadFile(sharedDir + "/seed/article.txt")
	if err != nil {
		b.Skipf("seed article not available: %v", err)
	}
	text := string(raw)
	tg := mustDefault(b)
	toks := tokenize.Tokenize(text)
	sents := tokenize.Sentences(text, toks)
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		tg.Tag(toks, sents)
	}
	b.ReportMetric(float64(len(toks))*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// cpuTime is the user+system CPU time used by this process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkTagNews tags the BBC articles (title and body, tokenized
// beforehand), 100 different ones per op, going round the corpus: a stream
// of new articles like bulk indexing, so per-word caches see realistic
// vocabulary turnover rather than the same text again and again.
func BenchmarkTagNews(b *testing.B) {
	f, err := os.Open(sharedDir + "/data/news/bbc.jsonl.gz")
	if err != nil {
		b.Skipf("news corpus not available: %v", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	type doc struct {
		toks  []tokenize.Token
		sents []tokenize.Sentence
	}
	var docs []doc
	tokens := 0
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var a struct{ Title, Body string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			b.Fatal(err)
		}
		text := a.Title + "\n\n" + a.Body
		toks := tokenize.Tokenize(text)
		docs = append(docs, doc{toks, tokenize.Sentences(text, toks)})
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	// shuffle deterministically so that each op mixes the categories
	rng := rand.New(rand.NewPCG(7, 7))
	rng.Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
	tg := mustDefault(b)
	const perOp = 100
	next := 0
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		for range perOp {
			d := docs[next]
			next = (next + 1) % len(docs)
			tokens += len(d.toks)
			tg.Tag(d.toks, d.sents)
		}
	}
	b.ReportMetric(float64(tokens)/b.Elapsed().Seconds(), "tokens/s")
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
		b.ReportMetric(float64(tokens)/cpu.Seconds(), "tokens/cpu-s")
	}
}
