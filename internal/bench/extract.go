package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/newsfind/newsfind/internal/entities"
	"github.com/newsfind/newsfind/internal/ner"
	"github.com/newsfind/newsfind/internal/quotes"
	"github.com/newsfind/newsfind/internal/tokenize"
)

// Stage is the time one extraction step took over the measured articles.
type Stage struct {
	Name    string        `json:"name"`
	Elapsed time.Duration `json:"elapsed_ns"`
}

// ExtractResult is extraction alone, on one goroutine (one core).
type ExtractResult struct {
	Articles  int           `json:"articles"`
	TextBytes int64         `json:"text_bytes"`
	Tokens    int64         `json:"tokens"`
	Elapsed   time.Duration `json:"elapsed_ns"`
	Stages    []Stage       `json:"stages"`
}

// TokensPerSec is the single-core extraction rate.
func (r ExtractResult) TokensPerSec() float64 { return float64(r.Tokens) / r.Elapsed.Seconds() }

// ArticlesPerSec is the single-core extraction rate in articles.
func (r ExtractResult) ArticlesPerSec() float64 {
	return float64(r.Articles) / r.Elapsed.Seconds()
}

// MeasureExtract runs the extraction steps (the same ones, in the same order,
// as extract.Pipeline) over the base articles on one goroutine, timing each
// step, until every article has been seen, max articles, or maxTime passed.
// Articles are taken evenly spread over the corpus so every source is in it.
// The text is what the indexer extracts from: title, blank line, body.
func MeasureExtract(ctx context.Context, c *Corpus, max int, maxTime time.Duration) (ExtractResult, error) {
	tagger, err := ner.Default()
	if err != nil {
		return ExtractResult{}, fmt.Errorf("bench: load tagger: %w", err)
	}
	res, err := entities.Default()
	if err != nil {
		return ExtractResult{}, fmt.Errorf("bench: load resolver: %w", err)
	}
	qx := quotes.New()
	names := []string{"tokenize", "sentences", "ner", "entities", "quotes"}
	var el [5]time.Duration
	var r ExtractResult
	if max <= 0 || max > c.Len() {
		max = c.Len()
	}
	step := c.Len() / max
	deadline := time.Now().Add(maxTime)
	for k := 0; k < max; k++ {
		if ctx.Err() != nil || time.Now().After(deadline) {
			break
		}
		title, body := c.Text(k * step)
		text := body
		if title != "" {
			text = title + "\n\n" + body
		}
		t0 := time.Now()
		toks := tokenize.Tokenize(text)
		t1 := time.Now()
		sents := tokenize.Sentences(text, toks)
		t2 := time.Now()
		spans := tagger.Tag(toks, sents)
		t3 := time.Now()
		ents := res.Resolve(text, toks, sents, spans)
		t4 := time.Now()
		qx.Extract(text, toks, sents, ents)
		t5 := time.Now()
		for i, d := range []time.Duration{t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), t4.Sub(t3), t5.Sub(t4)} {
			el[i] += d
		}
		r.Articles++
		r.TextBytes += int64(len(text))
		r.Tokens += int64(len(toks))
	}
	for i, n := range names {
		r.Stages = append(r.Stages, Stage{Name: n, Elapsed: el[i]})
		r.Elapsed += el[i]
	}
	return r, ctx.Err()
}
