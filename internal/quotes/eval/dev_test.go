package eval

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/newsfind/newsfind/internal/quotes"
	"github.com/newsfind/newsfind/schema"
)

var (
	devFile = flag.String("dev", "", "score the quote extractor alone (no entities) on this gold JSONL")
	devPred = flag.String("pred", "", "with -dev: write <n>.json predictions here")
)

type quotesOnly struct{ q *quotes.Extractor }

func (e quotesOnly) Extract(text string) schema.Extraction {
	return schema.Extraction{Entities: []schema.Entity{}, Quotes: e.q.Extract(text, nil, nil, nil)}
}

// TestDev is a development harness: go test ./internal/quotes/eval -run TestDev -dev FILE.
func TestDev(t *testing.T) {
	if *devFile == "" {
		t.Skip("no -dev file")
	}
	docs, err := Load(*devFile)
	if err != nil {
		t.Fatal(err)
	}
	exs, err := Run(context.Background(), quotesOnly{quotes.New()}, docs, 0)
	if err != nil {
		t.Fatal(err)
	}
	preds := make([][]schema.Quote, len(exs))
	for i, x := range exs {
		preds[i] = x.Quotes
		if *devPred != "" {
			b, _ := json.Marshal(x)
			os.MkdirAll(*devPred, 0o755)
			os.WriteFile(filepath.Join(*devPred, fmt.Sprintf("%d.json", i)), b, 0o644)
		}
	}
	Score(docs, preds).Report(os.Stdout)
}
