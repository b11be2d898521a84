package entities

import (
	"testing"
	"unicode/utf8"

	"github.com/newsfind/newsfind/internal/ner"
	"github.com/newsfind/newsfind/internal/tokenize"
)

// FuzzResolve feeds arbitrary text and spans (derived from the bytes of
// layout: type, start, length per triple) and checks that Resolve never
// panics and keeps the offset contract.
func FuzzResolve(f *testing.F) {
	f.Add("US President Barack Obama met the President of Iraq. The President said ISIS (IS) lost.", []byte{1, 0, 1, 0, 2, 2, 2, 10, 1})
	f.Add("More From This Section\nJosh Earnest, the press secretary, said.", []byte{0, 4, 2, 3, 2, 1})
	f.Add("“Zoë”, Mr. São Paulo-based (X) of to", []byte{0, 0, 9, 1, 3, 3, 2, 5, 1})
	f.Add("", []byte{0, 0, 1})
	types := []string{"PER", "LOC", "ORG", "MISC"}
	f.Fuzz(func(t *testing.T, text string, layout []byte) {
		toks := tokenize.Tokenize(text)
		sents := tokenize.Sentences(text, toks)
		var spans []ner.Span
		for i := 0; i+2 < len(layout) && len(toks) > 0; i += 3 {
			s := int(layout[i+1]) % (len(toks) + 1)
			spans = append(spans, ner.Span{Type: types[int(layout[i])%len(types)], Start: s, End: s + int(layout[i+2])%4})
		}
		ents := resolver(t).Resolve(text, toks, sents, spans)
		if utf8.ValidString(text) { // JSON decoding makes article text valid UTF-8
			checkMentions(t, text, ents)
		}
	})
}
