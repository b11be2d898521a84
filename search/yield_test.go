package search

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
)

// TestSearchYields: every hit loop of a search calls the context's Yielder
// (the page's pass, the counting passes, match-all counting, facet values),
// so a scheduler can park a long search; the Yielder's error ends the
// search with it; without a Yielder nothing changes.
func TestSearchYields(t *testing.T) {
	defer func(n int) { yieldEvery = n }(yieldEvery)
	yieldEvery = 4
	st := columnsStore(t, 250)
	ctx := context.Background()
	top, err := Search(ctx, st, Request{})
	if err != nil {
		t.Fatal(err)
	}
	person := top.Facets["person"][0].Value
	tests := []struct {
		name string
		run  func(ctx context.Context) error
	}{
		{"keyword with counts", func(ctx context.Context) error {
			_, err := Search(ctx, st, Request{Query: "government"})
			return err
		}},
		{"match-all with a filter (disjunctive pass)", func(ctx context.Context) error {
			_, err := Search(ctx, st, Request{Persons: []string{person}})
			return err
		}},
		{"match-all", func(ctx context.Context) error {
			_, err := Search(ctx, st, Request{})
			return err
		}},
		{"facet values", func(ctx context.Context) error {
			// Not a word most articles have: those count from segment
			// totals, with few hits to walk (see addMost).
			_, err := FacetValues(ctx, st, FacetValuesRequest{Field: "place", Filters: Request{Persons: []string{person}}})
			return err
		}},
		{"quotes", func(ctx context.Context) error {
			_, err := SearchQuotes(ctx, st, QuoteRequest{})
			return err
		}},
	}
	stop := errors.New("parked search cancelled")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.run(ctx); err != nil {
				t.Fatalf("without a Yielder: %v", err)
			}
			var calls atomic.Int64
			yctx := WithYielder(ctx, func(context.Context) error { calls.Add(1); return nil })
			if err := tt.run(yctx); err != nil {
				t.Fatal(err)
			}
			if calls.Load() == 0 {
				t.Fatal("the Yielder was never called")
			}
			fail := WithYielder(ctx, func(context.Context) error { return stop })
			if err := tt.run(fail); !errors.Is(err, stop) {
				t.Errorf("with a failing Yielder: %v, want its error", err)
			}
		})
	}
}
