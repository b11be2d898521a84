// Package extract is newsfind's extraction pipeline: tokenize, tag named
// entities, resolve them to canonical entities, then find quotes and their
// speakers. It is what `newsfind extract` prints and what the indexer stores.
package extract

import (
	"fmt"
	"sync"

	"github.com/newsfind/newsfind/internal/entities"
	"github.com/newsfind/newsfind/internal/ner"
	"github.com/newsfind/newsfind/internal/quotes"
	"github.com/newsfind/newsfind/internal/tokenize"
	"github.com/newsfind/newsfind/schema"
)

// Pipeline runs every extraction step. It is safe for concurrent use.
type Pipeline struct {
	tagger   *ner.Tagger
	resolver *entities.Resolver
	quotes   *quotes.Extractor
}

var (
	defaultOnce sync.Once
	defaultP    *Pipeline
	defaultErr  error
)

// Lazy is an Extractor that loads the default pipeline (Default) when it is
// first needed, not when it is made: a server that only answers searches
// then never holds the models (about 60 MB of heap). Prepare loads them and
// reports a failure; the indexer calls it before extracting.
type Lazy struct {
	once sync.Once
	p    *Pipeline
	err  error
}

// Prepare loads the models, once; it returns the loading error, if any.
func (l *Lazy) Prepare() error {
	l.once.Do(func() { l.p, l.err = Default() })
	return l.err
}

// Extract is the default pipeline's Extract. Without models (Prepare
// failed) it finds nothing; callers call Prepare first to report that.
func (l *Lazy) Extract(text string) schema.Extraction {
	if l.Prepare() != nil {
		return schema.Extraction{}
	}
	return l.p.Extract(text)
}

// Default returns the pipeline built from the models embedded in the binary,
// loading them on first use.
func Default() (*Pipeline, error) {
	defaultOnce.Do(func() {
		t, err := ner.Default()
		if err != nil {
			defaultErr = fmt.Errorf("extract: load NER model: %w", err)
			return
		}
		r, err := entities.Default()
		if err != nil {
			defaultErr = fmt.Errorf("extract: load entity resolver: %w", err)
			return
		}
		defaultP = &Pipeline{tagger: t, resolver: r, quotes: quotes.New()}
	})
	return defaultP, defaultErr
}

// Extract finds the entities and quotes of text. Offsets in the result are
// Unicode code-point offsets into text, end exclusive.
func (p *Pipeline) Extract(text string) schema.Extraction {
	toks := tokenize.Tokenize(text)
	sents := tokenize.Sentences(text, toks)
	spans := p.tagger.Tag(toks, sents)
	ents := p.resolver.Resolve(text, toks, sents, spans)
	qs := p.quotes.Extract(text, toks, sents, ents)
	if ents == nil {
		ents = []schema.Entity{}
	}
	if qs == nil {
		qs = []schema.Quote{}
	}
	return schema.Extraction{Entities: ents, Quotes: qs}
}
