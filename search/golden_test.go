package search

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/newsfind/newsfind/internal/golden"
)

// TestGolden pins whole responses (hits with highlights and entity lists,
// facets, histogram, cursor) for a few requests on the test corpus, so
// ranking and response shape cannot drift silently. took_ms is zeroed.
// Rewrite with: go test ./search -run TestGolden -update
func TestGolden(t *testing.T) {
	st := openStore(t, corpus())
	ctx := context.Background()
	cases := map[string]func() (any, error){
		"search_climate": func() (any, error) {
			r, err := Search(ctx, st, Request{Query: "climate", Size: 3})
			if r != nil {
				r.TookMs = 0
			}
			return r, err
		},
		"search_speaker_source": func() (any, error) {
			r, err := Search(ctx, st, Request{Speakers: []string{"Josh Earnest"}, Sources: []string{"ap"}})
			if r != nil {
				r.TookMs = 0
			}
			return r, err
		},
		"quotes_jakarta": func() (any, error) {
			r, err := SearchQuotes(ctx, st, QuoteRequest{Places: []string{"Jakarta"}, Query: "terror OR markets"})
			if r != nil {
				r.TookMs = 0
			}
			return r, err
		},
		"facet_values_person_j": func() (any, error) {
			return FacetValues(ctx, st, FacetValuesRequest{Field: "person", Prefix: "j"})
		},
	}
	for name, run := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := run()
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, name, got)
		})
	}
}

// checkGolden compares v, encoded as indented JSON, with
// testdata/golden/name.json, or rewrites that file with -update.
func checkGolden(t *testing.T, name string, v any) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep <mark> readable
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "golden", name+".json"), buf.Bytes())
}
