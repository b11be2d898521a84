package bench

import (
	"context"
	"fmt"
	"runtime"
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
	CPU     time.Duration `json:"cpu_ns"` // thread CPU time (0 where not measured)
}

// ExtractResult is extraction alone, on one goroutine (one core).
type ExtractResult struct {
	Articles  int           `json:"articles"`
	TextBytes int64         `json:"text_bytes"`
	Tokens    int64         `json:"tokens"`
	Elapsed   time.Duration `json:"elapsed_ns"`
	CPU       time.Duration `json:"cpu_ns"` // thread CPU time of the stages (0 where not measured)
	Stages    []Stage       `json:"stages"`
}

// busy is the time the rate is computed from: CPU time when measured (a
// core's rate, whatever else runs on the machine), else wall-clock.
func (r ExtractResult) busy() time.Duration {
	if r.CPU > 0 {
		return r.CPU
	}
	return r.Elapsed
}

// TokensPerSec is the single-core extraction rate.
func (r ExtractResult) TokensPerSec() float64 { return float64(r.Tokens) / r.busy().Seconds() }

// ArticlesPerSec is the single-core extraction rate in articles.
func (r ExtractResult) ArticlesPerSec() float64 {
	return float64(r.Articles) / r.busy().Seconds()
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
	var el, cpu [5]time.Duration
	runtime.LockOSThread() // threadCPU measures this goroutine's thread
	defer runtime.UnlockOSThread()
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
		var wall, th [6]time.Duration
		mark := func(i int) { wall[i], th[i] = time.Duration(time.Now().UnixNano()), threadCPU() }
		mark(0)
		toks := tokenize.Tokenize(text)
		mark(1)
		sents := tokenize.Sentences(text, toks)
		mark(2)
		spans := tagger.Tag(toks, sents)
		mark(3)
		ents := res.Resolve(text, toks, sents, spans)
		mark(4)
		qx.Extract(text, toks, sents, ents)
		mark(5)
		for i := range el {
			el[i] += wall[i+1] - wall[i]
			cpu[i] += th[i+1] - th[i]
		}
		r.Articles++
		r.TextBytes += int64(len(text))
		r.Tokens += int64(len(toks))
	}
	for i, n := range names {
		r.Stages = append(r.Stages, Stage{Name: n, Elapsed: el[i], CPU: cpu[i]})
		r.Elapsed += el[i]
		r.CPU += cpu[i]
	}
	return r, ctx.Err()
}
