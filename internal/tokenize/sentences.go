package tokenize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentence is a token index range [Start, End) into the slice passed to
// Sentences.
type Sentence struct {
	Start, End int
}

// Sentences groups toks (the result of Tokenize(text)) into sentences.
//
// A sentence ends after . ! ? or an ellipsis followed by a token that can
// start a sentence (closing quotes and brackets stay with the sentence they
// close), but not after titles and initials (Mr., Gen., J.); after other
// abbreviations (U.S., Inc., Jan.) only when a typical sentence opener
// follows. Paragraph breaks always end a sentence: a blank line, an indented
// line, or a single newline in text whose lines are paragraphs rather than
// hard-wrapped prose.
func Sentences(text string, toks []Token) []Sentence {
	if len(toks) == 0 {
		return nil
	}
	wrapped := isHardWrapped(text)
	// news sentences average over 20 tokens: one allocation for most texts
	out := make([]Sentence, 0, len(toks)/16+1)
	start := 0
	for i := 0; i < len(toks)-1; i++ {
		if boundaryAfter(text, toks, i, wrapped) {
			out = append(out, Sentence{start, i + 1})
			start = i + 1
		}
	}
	return append(out, Sentence{start, len(toks)})
}

func boundaryAfter(text string, toks []Token, i int, wrapped bool) bool {
	cur, next := toks[i], toks[i+1]
	if lineBreakBetween(text, cur.EndByte, next.StartByte, wrapped) {
		return true
	}
	if isClosing(next.Text) && next.StartByte == cur.EndByte {
		return false // a closing mark stays with the sentence it closes
	}
	w := cur.Text
	if isTerminal(w) {
		return canStart(next.Text, false)
	}
	if isClosing(w) {
		// "... end.” Next": walk back over closing marks attached to
		// terminal punctuation.
		j := i
		for j > 0 && isClosing(toks[j].Text) && toks[j].StartByte == toks[j-1].EndByte {
			j--
		}
		if j < i && isTerminal(toks[j].Text) {
			return canStart(next.Text, false)
		}
		return false
	}
	switch abbrevKindOf(w) {
	case abbrevOther:
		return canStart(next.Text, true)
	}
	return false
}

func isDots(w string) bool {
	if len(w) < 2 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] != '.' {
			return false
		}
	}
	return true
}

func isTerminal(w string) bool {
	return w == "." || w == "!" || w == "?" || w == "…" || isDots(w)
}

func isClosing(w string) bool {
	switch w {
	case "\"", "”", "’", "'", ")", "]", "}", "»", "›", "''":
		return true
	}
	return false
}

// canStart reports whether a token can open a sentence. After an
// abbreviation (strict) only common sentence openers count, since "U.S.
// President" is one sentence.
func canStart(w string, strict bool) bool {
	r, _ := utf8.DecodeRuneInString(w)
	if strict {
		_, ok := openers[w]
		return ok || r == '“' || r == '"' || r == '‘'
	}
	if unicode.IsLower(r) {
		return false
	}
	switch r {
	case ',', ';', ':', ')', ']', '}', '%', '.', '!', '?', '”', '’', '»':
		return false
	}
	return true
}

var openers = map[string]struct{}{}

func init() {
	for _, w := range strings.Fields(`The A An He She It They We I You But And Or So Yet Then Still This That
		These Those There Here His Her Its Their Our My In On At For As After Before When While If Although
		Though Because Since Meanwhile However Also Earlier Later Last Next Some Many Most Both Each All No
		Not One Two Three What Who Why How Where Mr. Mrs. Ms. Dr. Shares Analysts Officials`) {
		openers[w] = struct{}{}
	}
}

// lineBreakBetween reports whether the gap text[a:b] between two tokens is a
// paragraph break.
func lineBreakBetween(text string, a, b int, wrapped bool) bool {
	gap := text[a:b]
	if gap == "" || gap == " " { // most gaps
		return false
	}
	nl := strings.IndexByte(gap, '\n')
	if nl < 0 {
		if strings.IndexByte(gap, '\r') >= 0 || strings.Contains(gap, "\u2029") {
			return true
		}
		return false
	}
	if !wrapped {
		return true
	}
	if strings.Count(gap, "\n") >= 2 {
		return true
	}
	// indented next line starts a paragraph in wrapped text
	after := gap[nl+1:]
	if strings.HasPrefix(after, "  ") || strings.HasPrefix(after, "\t") {
		return true
	}
	// a short line (heading, sign-off) ends its own paragraph
	ls := strings.LastIndexByte(text[:a], '\n') + 1
	return utf8.RuneCountInString(text[ls:a]) < 40
}

// isHardWrapped reports whether text looks like newswire prose broken into
// lines of similar width (single newlines inside sentences) rather than one
// paragraph per line.
func isHardWrapped(text string) bool {
	lines, medium := 0, 0
	for len(text) > 0 {
		i := strings.IndexByte(text, '\n')
		line := text
		if i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		n := utf8.RuneCountInString(strings.TrimSpace(line))
		if n == 0 {
			continue
		}
		lines++
		if n >= 40 && n <= 90 {
			medium++
		}
		if n > 120 {
			return false
		}
	}
	return lines >= 3 && medium*10 >= lines*6
}
