package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/newsfind/newsfind/indexer"
	"github.com/newsfind/newsfind/internal/store"
	"github.com/newsfind/newsfind/schema"
)

func init() {
	register(command{name: "train-dict", summary: "train the zstd dictionary of stored documents from news files (make dict)", run: runTrainDict})
}

// storedFieldOrder is the order sample fields are concatenated in; zap
// stores an article's stored field values one after another. The shipped
// dictionary was trained when the facet fields (speaker, person, place,
// org) were stored too, between published and the stored extraction;
// they no longer are (schema.StoredFacets), so a dictionary trained now
// differs from it (and would need a new id and hook: store/dict.go).
var storedFieldOrder = []string{
	schema.FieldTitle, schema.FieldBody, schema.FieldURL, schema.FieldStored,
}

func runTrainDict(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("train-dict", stderr)
	// No default: the shipped dictionary (data/models/stored.zdict) must not
	// be replaced by accident; segments written with it read only with it.
	out := fs.String("out", "", "where to write the dictionary (required)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: newsfind train-dict --out FILE NEWS.jsonl[.gz]...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 || *out == "" {
		fs.Usage()
		return errUsage
	}
	ex, err := pipeline()
	if err != nil {
		return err
	}
	var samples [][]byte
	for _, path := range fs.Args() {
		var bad error
		err := indexer.ReadFile(ctx, path, indexer.DefaultMaxLineBytes, nil, func(r indexer.Record) bool {
			if r.Err != nil {
				bad = fmt.Errorf("%s: %w", r.Where(), r.Err)
				return false
			}
			a := r.Article
			if a == nil {
				if a, bad = indexer.DecodeArticle(r.Raw); bad != nil {
					bad = fmt.Errorf("%s: %w", r.Where(), bad)
					return false
				}
			}
			indexer.ExtractArticle(ex, a)
			doc, err := schema.ArticleDoc(a)
			if err != nil {
				bad = fmt.Errorf("%s: %w", r.Where(), err)
				return false
			}
			samples = append(samples, storedSample(a.ID, doc))
			return true
		})
		if err == nil {
			err = bad
		}
		if err != nil {
			return fmt.Errorf("train-dict: %w", err)
		}
	}
	dict, err := store.TrainStoredDict(samples)
	if err != nil {
		return err
	}
	// Written whole or not at all: a half-written dictionary in data/models
	// would stop every binary built from it at start-up.
	tmp := *out + ".tmp"
	if err := os.WriteFile(tmp, dict, 0o644); err != nil {
		return fmt.Errorf("train-dict: %w", err)
	}
	if err := os.Rename(tmp, *out); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("train-dict: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %s: %d bytes from %d articles\n", *out, len(dict), len(samples))
	return nil
}

// storedSample is what zap stores of an article: its id, then the values
// of its stored fields.
func storedSample(id string, doc map[string]any) []byte {
	b := []byte(id)
	for _, f := range storedFieldOrder {
		switch v := doc[f].(type) {
		case string:
			b = append(b, v...)
		case []string: // schema.ArticleDoc's lists
			for _, s := range v {
				b = append(b, s...)
			}
		}
	}
	return b
}
