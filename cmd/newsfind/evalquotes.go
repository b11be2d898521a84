package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/newsfind/newsfind/internal/extract"
	"github.com/newsfind/newsfind/internal/quotes"
	qeval "github.com/newsfind/newsfind/internal/quotes/eval"
	"github.com/newsfind/newsfind/schema"
)

func init() {
	registerEval(command{name: "quotes", summary: "quote precision/recall/F1 and speaker accuracy on PolNeAR-style JSONL", run: runEvalQuotes})
}

func runEvalQuotes(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("eval quotes", stderr)
	writePred := fs.String("write-pred", "", "also write each article's extraction to `DIR`/<n>.json (input for shared/eval/score_quotes.py)")
	workers := fs.Int("workers", 0, "extraction goroutines (0: all cores)")
	errorsTo := fs.String("errors", "", "write missed gold quotes, false positives and wrong speakers with context to `FILE`, for error analysis (of the cross-validated predictions with -cv)")
	buckets := fs.Int("buckets", 0, "print the `N` largest error buckets (missed gold by cue, kind and nearby predictions; unmatched predictions by cue and overlap) of the cross-validated predictions with -cv, else of the shipped model's")
	cv := fs.Int("cv", 0, "also score a `K`-fold document-level cross-validation of the learned cue model (the shipped model was trained on the dev split, so its dev scores are optimistic; 0: off)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: newsfind eval quotes [flags] FILE.jsonl[.gz]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	docs, err := qeval.Load(fs.Arg(0))
	if err != nil {
		return err
	}
	ex, err := quoteEvalExtractor()
	if err != nil {
		return err
	}
	t0 := time.Now()
	exs, err := qeval.Run(ctx, ex, docs, *workers)
	if err != nil {
		return fmt.Errorf("extract: %w", err)
	}
	el := time.Since(t0)
	preds := make([][]schema.Quote, len(exs))
	for i, x := range exs {
		preds[i] = x.Quotes
	}
	if *writePred != "" {
		if err := writePredictions(*writePred, exs); err != nil {
			return err
		}
	}
	qeval.Score(docs, preds).Report(stdout)
	// The gold kind counts only " and “ ” as quotation marks; NYT's ''…''
	// quotes are labelled indirect there. Scored again with '' counted too.
	rk := qeval.Score(qeval.WithQuoteKinds(docs), preds)
	fmt.Fprintf(stdout, "direct+mixed with '' counted as a quotation mark in gold kinds (not the official label):\n")
	fmt.Fprintf(stdout, "dir''.3 P %5.1f R %5.1f F1 %5.1f  (matched %d, pred %d, gold %d)\n", rk.Dir30.P(), rk.Dir30.R(), rk.Dir30.F1(), rk.Dir30.Matched, rk.Dir30.Pred, rk.Dir30.Gold)
	fmt.Fprintf(stdout, "dir''.8 P %5.1f R %5.1f F1 %5.1f  (matched %d, pred %d, gold %d)\n", rk.Dir80.P(), rk.Dir80.R(), rk.Dir80.F1(), rk.Dir80.Matched, rk.Dir80.Pred, rk.Dir80.Gold)
	if *cv > 1 {
		ents := make([][]schema.Entity, len(exs))
		for i, x := range exs {
			ents[i] = x.Entities
		}
		fmt.Fprintf(stdout, "%d-fold cross-validation (cue model trained on the other folds of FILE, scored on the held-out one):\n", *cv)
		cvPreds := qeval.CrossValidate(docs, ents, *cv, quotes.TrainOptions{MinCues: 2})
		qeval.Score(docs, cvPreds).Report(stdout)
		// error analysis reads the honest (held-out) predictions
		preds = cvPreds
	}
	if *buckets > 0 {
		qeval.WriteBuckets(stdout, qeval.ErrorBuckets(docs, preds, 0.3), *buckets)
	}
	if *errorsTo != "" {
		f, err := os.Create(*errorsTo)
		if err != nil {
			return fmt.Errorf("errors: %w", err)
		}
		qeval.WriteErrors(f, docs, preds, 0.3)
		if err := f.Close(); err != nil {
			return fmt.Errorf("errors: %w", err)
		}
	}
	fmt.Fprintf(stdout, "%d articles in %s (%.1f articles/s)\n", len(docs), el.Round(time.Millisecond), float64(len(docs))/el.Seconds())
	return nil
}

func writePredictions(dir string, exs []schema.Extraction) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write-pred: %w", err)
	}
	for i, x := range exs {
		b, err := json.Marshal(x)
		if err != nil {
			return fmt.Errorf("write-pred: article %d: %w", i, err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%d.json", i)), b, 0o644); err != nil {
			return fmt.Errorf("write-pred: %w", err)
		}
	}
	return nil
}

// quoteEvalExtractor is the pipeline the evaluation runs: the full
// extraction (tokenize, NER, entities, quotes), as `newsfind extract` does.
func quoteEvalExtractor() (qeval.Extractor, error) {
	p, err := extract.Default()
	if err != nil {
		return nil, fmt.Errorf("eval quotes: %w", err)
	}
	return p, nil
}
