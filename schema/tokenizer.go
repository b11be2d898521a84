package schema

import (
	"fmt"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/segment"
)

// WordTokenizer is the name of TextAnalyzer's tokenizer: bleve's unicode
// tokenizer (Unicode word boundaries, UAX #29, as the blevesearch/segment
// scanner implements them) with a fast path for ASCII words. It gives the
// very same tokens (terms, offsets, positions, types); only the time
// differs. The segment scanner was about 5 % of bulk-indexing CPU, and
// most words of English news are ASCII.
const WordTokenizer = "newsfind_unicode"

// wordTokenizer reads the text with wordWriter.words.
type wordTokenizer struct{}

func (wordTokenizer) Tokenize(input []byte) analysis.TokenStream {
	if !utf8.Valid(input) {
		// The scanner stops at its first error and drops the rest of the
		// text; reading pieces would go on after it.
		return unicode.NewUnicodeTokenizer().Tokenize(input)
	}
	w := wordWriter{pos: 1, slab: make([]analysis.Token, 0, len(input)/6+1)}
	w.ts = make(analysis.TokenStream, 0, cap(w.slab))
	w.words(input)
	return w.ts
}

// TokenSpan is where a token of WordTokenizer lies in its text: bytes Start
// to End.
type TokenSpan struct{ Start, End int }

// TokenSpans appends to dst where the first n of WordTokenizer's tokens
// of text lie (fewer if text has fewer), in order: the token at position p
// (bleve counts from 1) is dst[p-1]. Term vectors keep only positions
// (PositionsFilter); the highlighter reads the offsets of the matched
// positions from here. It allocates nothing but dst's growth.
func TokenSpans(text []byte, n int, dst []TokenSpan) []TokenSpan {
	n = min(n, len(text)) // a token has a byte at least
	if n <= 0 {
		return dst
	}
	if !utf8.Valid(text) {
		for _, t := range unicode.NewUnicodeTokenizer().Tokenize(text) {
			if n == 0 {
				break
			}
			dst = append(dst, TokenSpan{t.Start, t.End})
			n--
		}
		return dst
	}
	w := wordWriter{pos: 1, spans: dst, spansOnly: true, limit: len(dst) + n}
	w.words(text)
	return w.spans
}

// words splits input (valid UTF-8) at ASCII white space, which no word
// boundary rule joins across, and reads each piece: an ASCII piece with
// asciiWords, any other with the segment scanner, as bleve would.
func (w *wordWriter) words(input []byte) {
	for i := 0; i < len(input); {
		if isBlank(input[i]) {
			i++
			continue
		}
		j, ascii := i, true
		for ; j < len(input) && !isBlank(input[j]); j++ {
			if input[j] >= utf8.RuneSelf {
				ascii = false
			}
		}
		if ascii {
			w.asciiWords(input, i, j)
		} else {
			w.segmentWords(input, i, j)
		}
		if w.spansOnly && len(w.spans) >= w.limit {
			w.spans = w.spans[:w.limit]
			return
		}
		i = j
	}
}

// isBlank reports the ASCII white space that is a word boundary on both
// sides: space, tab, and the line breaks (CR, LF, VT, FF).
func isBlank(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// wordWriter collects the tokens, numbering their positions, or only
// their spans (spansOnly).
type wordWriter struct {
	ts        analysis.TokenStream
	slab      []analysis.Token // backing store of ts's tokens, one allocation
	pos       int
	spans     []TokenSpan
	spansOnly bool
	limit     int // spans wanted, with spansOnly
}

func (w *wordWriter) add(term []byte, start, end int, typ analysis.TokenType) {
	if w.spansOnly {
		w.spans = append(w.spans, TokenSpan{start, end})
		return
	}
	if len(w.slab) == cap(w.slab) {
		w.slab = make([]analysis.Token, 0, max(64, cap(w.slab)))
	}
	w.slab = append(w.slab, analysis.Token{Term: term, Start: start, End: end, Position: w.pos, Type: typ})
	w.ts = append(w.ts, &w.slab[len(w.slab)-1])
	w.pos++
}

// segmentWords reads input[i:j] with the segment scanner, as bleve's
// unicode tokenizer does (it keeps every segment but those of type None).
func (w *wordWriter) segmentWords(input []byte, i, j int) {
	s := segment.NewWordSegmenterDirect(input[i:j])
	at := i
	for s.Segment() {
		b := s.Bytes()
		if t := s.Type(); t != segment.None {
			w.add(b, at, at+len(b), segmentType(t))
		}
		at += len(b)
	}
}

// segmentType is the token type of a segment type (bleve's convertType).
func segmentType(t int) analysis.TokenType {
	switch t {
	case segment.Ideo, segment.Kana:
		return analysis.Ideographic
	case segment.Number:
		return analysis.Numeric
	}
	return analysis.AlphaNumeric
}

// Word-break classes of the ASCII characters (Unicode 8, the segment
// scanner's tables).
const (
	wbOther     = iota
	wbLetter    // A-Z a-z
	wbNumeric   // 0-9
	wbExtendNum // _
	wbMidLetter // :
	wbMidNum    // , ;
	wbMidNumLet // . and ' (MidNumLet and Single_Quote join alike here)
)

var asciiClass = func() (c [128]uint8) {
	for b := 'a'; b <= 'z'; b++ {
		c[b], c[b-'a'+'A'] = wbLetter, wbLetter
	}
	for b := '0'; b <= '9'; b++ {
		c[b] = wbNumeric
	}
	c['_'], c[':'], c[','], c[';'], c['.'], c['\''] = wbExtendNum, wbMidLetter, wbMidNum, wbMidNum, wbMidNumLet, wbMidNumLet
	return c
}()

// asciiWords reads the ASCII text input[i:j] as the segment scanner reads
// it. A word is a run of letters, digits and underscores, where a letter
// pair may also join across one colon, period or apostrophe (WB6/7:
// "can't", "U.S") and a digit pair across one comma, semicolon, period or
// apostrophe (WB11/12: "1,000.5").
// It is a number when it has digits and no letter (the scanner's
// WordNumeric pattern, which wins ties), else alphanumeric. Every other
// character is a segment of its own that is no token.
func (w *wordWriter) asciiWords(input []byte, i, j int) {
	classAt := func(k int) uint8 {
		if k < j {
			return asciiClass[input[k]]
		}
		return wbOther
	}
	for i < j {
		c := asciiClass[input[i]]
		if c != wbLetter && c != wbNumeric && c != wbExtendNum {
			i++
			continue
		}
		start, last, letters, digits := i, c, c == wbLetter, c == wbNumeric
		for i++; i < j; i++ {
			d := asciiClass[input[i]]
			switch d {
			case wbLetter, wbNumeric, wbExtendNum:
				last = d
				letters = letters || d == wbLetter
				digits = digits || d == wbNumeric
				continue
			case wbMidLetter:
				if last == wbLetter && classAt(i+1) == wbLetter {
					i++ // the letter after it; last stays a letter
					continue
				}
			case wbMidNumLet:
				if (last == wbLetter || last == wbNumeric) && classAt(i+1) == last {
					i++
					continue
				}
			case wbMidNum:
				if last == wbNumeric && classAt(i+1) == wbNumeric {
					i++
					continue
				}
			}
			break
		}
		typ := analysis.AlphaNumeric
		if digits && !letters {
			typ = analysis.Numeric
		}
		w.add(input[start:i], start, i, typ)
	}
}

func init() {
	err := registry.RegisterTokenizer(WordTokenizer, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return wordTokenizer{}, nil
	})
	if err != nil {
		panic(fmt.Sprintf("schema: register %s: %v", WordTokenizer, err))
	}
}
