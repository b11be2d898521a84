package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"

	"go.uber.org/goleak"
)

// TestMain checks that no goroutine outlives the tests (Search runs its
// facet and histogram searches concurrently).
func TestMain(m *testing.M) {
	code := m.Run()
	if benchStore != nil {
		benchStore.Close()
		os.RemoveAll(benchStore.Dir())
	}
	if code == 0 {
		err := goleak.Find(
			// bleve's analysis workers are package-level and live forever.
			goleak.IgnoreTopFunction("github.com/blevesearch/bleve_index_api.AnalysisWorker"),
			// bleve's memory-only (upsidedown/gtreap) reader leaves some
			// internal iterators unclosed; on-disk (scorch) indexes do not.
			goleak.IgnoreTopFunction("github.com/blevesearch/bleve/v2/index/upsidedown/store/gtreap.(*Iterator).restart.func1.1"),
		)
		if err != nil {
			fmt.Fprintln(os.Stderr, "goleak:", err)
			code = 1
		}
	}
	os.Exit(code)
}

func TestSearchCanceled(t *testing.T) {
	st := openStore(t, corpus())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for name, run := range map[string]func() error{
		"search": func() error {
			_, err := Search(ctx, st, Request{Query: "climate", Speakers: []string{"Josh Earnest"}})
			return err
		},
		"said": func() error { _, err := Search(ctx, st, Request{Said: "climate"}); return err },
		"quotes": func() error {
			_, err := SearchQuotes(ctx, st, QuoteRequest{Speakers: []string{"Josh Earnest"}})
			return err
		},
		"facet values": func() error {
			_, err := FacetValues(ctx, st, FacetValuesRequest{Field: "speaker", Prefix: "j"})
			return err
		},
	} {
		err := run()
		var re *RequestError
		if !errors.Is(err, context.Canceled) || errors.As(err, &re) {
			t.Errorf("%s: err = %v, want context.Canceled (and not a RequestError)", name, err)
		}
	}
}
