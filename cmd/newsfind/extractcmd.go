package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/newsfind/newsfind/indexer"
	"github.com/newsfind/newsfind/schema"
)

func init() {
	register(command{name: "extract", summary: "print the entities and quotes of one article (plain text or JSON) as JSON", run: runExtract})
}

// runExtract prints the public extraction contract for one article. Plain
// text is extracted as it is (offsets into the file); a JSON article (first
// non-space byte '{') is extracted like the indexer does (offsets into body).
func runExtract(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("extract", stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: newsfind extract [FILE|-]\n\nPrints {\"entities\":[...],\"quotes\":[...]} with code-point offsets.")
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return errUsage
	}
	path := "-"
	if fs.NArg() == 1 {
		path = fs.Arg(0)
	}
	in, err := openInput(path)
	if err != nil {
		return err
	}
	defer in.Close()
	b, err := io.ReadAll(io.LimitReader(in, indexer.DefaultMaxArticleBytes+1))
	if err != nil {
		return err
	}
	if len(b) > indexer.DefaultMaxArticleBytes {
		return fmt.Errorf("input is over the article limit of %d bytes", indexer.DefaultMaxArticleBytes)
	}
	p, err := pipeline()
	if err != nil {
		return err
	}
	var out schema.Extraction
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '{' {
		a, err := indexer.DecodeArticle(b)
		if err != nil {
			return err
		}
		indexer.ExtractArticle(p, a)
		out = schema.Extraction{Entities: a.Entities, Quotes: a.Quotes}
	} else {
		if !utf8.Valid(b) {
			return fmt.Errorf("input is not valid UTF-8")
		}
		out = p.Extract(string(b))
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", " ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
