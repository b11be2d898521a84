package schema

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
)

// TextAnalyzer analyses the long text fields (title, body, quote text):
// bleve's English analyzer ("en": Unicode words, possessives, lower case,
// stop words, Porter stems; the words come from WordTokenizer, which splits
// them as bleve's unicode tokenizer does) with diacritics folded after
// lower-casing, so that "zoe" finds "Zoë", "sao paulo" "São Paulo" and
// "erdogan" "Erdoğan" (and the other way round). News spells foreign names
// both ways, often in the same week; a reader types them without accents.
// Its tokens keep their positions and lose their offsets (PositionsFilter).
const TextAnalyzer = "newsfind_en"

// FoldFilter is the name of the token filter that folds diacritics.
const FoldFilter = "newsfind_fold"

// foldFilter folds each token's text to ASCII where Latin letters carry
// diacritics (ë → e, ß → ss, ø → o), with the folding table of bleve's
// asciifolding char filter. It is a token filter, not that char filter,
// because a char filter changes the text before tokenizing: the offsets
// of an older index would be shifted, and the highlighter, which finds
// a position's span by tokenizing the stored text (TokenSpans), would
// tokenize a different text. A token filter rewrites the term only.
type foldFilter struct {
	fold *asciifolding.AsciiFoldingFilter
}

func (f foldFilter) Filter(ts analysis.TokenStream) analysis.TokenStream {
	for _, t := range ts {
		if !isASCII(t.Term) {
			// Lower-cased again: the table folds some lower-case letters
			// to capitals (ǧ → G, ᴀ → A), which a lower-case query term
			// would never meet.
			t.Term = bytes.ToLower(f.fold.Filter(t.Term))
		}
	}
	return ts
}

// PositionsFilter is the name of the token filter that sets every token's
// offsets to 0, TextAnalyzer's last: the term vectors of an index written
// with it keep the positions that phrases need and no offsets.
const PositionsFilter = "newsfind_positions"

// positionsFilter drops the offsets from the term vectors. They are
// WordTokenizer's spans of the positions, which the highlighter reads
// again from the stored text (TokenSpans) for the few hits it shows;
// keeping them cost 3.2 MB of 56.4 at 20,000 articles (5.7 %), a start
// and a length for every token of every title, body and quote.
type positionsFilter struct{}

func (positionsFilter) Filter(ts analysis.TokenStream) analysis.TokenStream {
	for _, t := range ts {
		t.Start, t.End = 0, 0
	}
	return ts
}

// textFold is the folding of TextAnalyzer's FoldFilter, for FoldWord.
var textFold = asciifolding.New()

// FoldWord lower-cases and folds a word as TextAnalyzer does to the words
// it indexes (without stemming): query terms that bleve does not analyse
// (prefix, wildcard, fuzzy) must be folded with the very same table to
// meet the indexed terms.
func FoldWord(w string) string {
	w = strings.ToLower(w)
	if isASCII([]byte(w)) {
		return w
	}
	return strings.ToLower(string(textFold.Filter([]byte(w))))
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

func init() {
	err := registry.RegisterTokenFilter(FoldFilter, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return foldFilter{fold: textFold}, nil
	})
	if err != nil {
		panic(fmt.Sprintf("schema: register %s: %v", FoldFilter, err))
	}
	err = registry.RegisterTokenFilter(PositionsFilter, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return positionsFilter{}, nil
	})
	if err != nil {
		panic(fmt.Sprintf("schema: register %s: %v", PositionsFilter, err))
	}
}

// addTextAnalyzer defines TextAnalyzer in m. The definition is saved with
// the index, so an index opened later analyses queries the same way (and
// an index written before PositionsFilter keeps writing offsets).
func addTextAnalyzer(m *mapping.IndexMappingImpl) {
	err := m.AddCustomAnalyzer(TextAnalyzer, map[string]any{
		"type":      custom.Name,
		"tokenizer": WordTokenizer, // bleve's unicode tokenizer's tokens, faster
		"token_filters": []any{
			en.PossessiveName,
			lowercase.Name,
			FoldFilter,
			en.StopName,
			porter.Name,
			PositionsFilter,
		},
	})
	if err != nil {
		// Only a programming error (an unknown component) gets here.
		panic(fmt.Sprintf("schema: define %s: %v", TextAnalyzer, err))
	}
}
