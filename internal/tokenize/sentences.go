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
	case abbrevTitle:
		// "Malcolm X. Attallah Shabazz": a capital letter and a point
		// after a word that the text writes elsewhere with the bare
		// letter ending a name ("Malcolm X,") is that name's end and the
		// sentence's, not an initial.
		// The next word must open sentences or be new to the text: in
		// "George W. Bush" (with "George W," elsewhere) Bush is named
		// again.
		if !IsInitial(w) || i == 0 || !isCapitalised(next.Text) || !bareLetterAfter(toks, toks[i-1].Text, w[:len(w)-1]) {
			return false
		}
		_, opener := openers[next.Text]
		return opener || !occursElsewhere(toks, i+1)
	}
	return false
}

// IsInitial reports whether w is one capital letter and a point ("J."):
// an initial of a name, whose point ends no sentence.
func IsInitial(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	return n+1 == len(w) && w[n] == '.' && unicode.IsUpper(r)
}

func isCapitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// occursElsewhere reports whether the text of toks[i] is another token's.
func occursElsewhere(toks []Token, i int) bool {
	for j := range toks {
		if j != i && toks[j].Text == toks[i].Text {
			return true
		}
	}
	return false
}

// bareLetterAfter reports whether toks hold the word prev followed by the
// token letter, with no point, ending a name: no capitalised word follows
// ("Malcolm X," but not "George W Bush", an initial written without its
// point).
func bareLetterAfter(toks []Token, prev, letter string) bool {
	for j := 1; j < len(toks); j++ {
		if toks[j].Text == letter && toks[j-1].Text == prev && toks[j].StartByte > toks[j-1].EndByte &&
			(j+1 == len(toks) || !isCapitalised(toks[j+1].Text)) {
			return true
		}
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
	// a short line (heading, table row, sign-off) ends its own paragraph,
	// unless the sentence plainly goes on past it
	ls := strings.LastIndexByte(text[:a], '\n') + 1
	if utf8.RuneCountInString(text[ls:a]) >= shortLine {
		return false
	}
	return !continuesShortLine(text, ls, a, b)
}

// shortLine is the width in runes below which a line of hard-wrapped text
// is taken for a line of its own (a heading, a table row, a sign-off) rather
// than a line the wrap filled.
const shortLine = 40

// continuesShortLine reports whether the sentence on the short line
// text[ls:a] goes on at text[b:], the start of the next line: the next line
// opens with a lower-case letter ("fell 0.4\npct in February"), or the short
// line opens its paragraph while the next line is a full one ("U.S. Trade
// Representative Clayton\nYeutter said he hoped the dollar would continue
// to decline"): newswire text whose dateline was cut off its first line. Either way the short line must stop
// without a closing mark (an abbreviation's point or a closing bracket
// aside): a line that ends in punctuation ("Brazil.\n reuter"), or a
// heading in capitals, still ends its paragraph.
func continuesShortLine(text string, ls, a, b int) bool {
	line := strings.TrimSpace(text[ls:a])
	last, _ := utf8.DecodeLastRuneInString(line)
	switch {
	case unicode.IsLetter(last) || unicode.IsDigit(last) || last == ',' || last == '>':
	case last == ')' && !strings.ContainsAny(line[max(len(line)-3, 0):], ".!?"):
	case last == '.' && abbrevKindOf(line[strings.LastIndexAny(line, " \t")+1:]) != notAbbrev:
		// "the U.S.\nGovernment", "Kenneth J.\nSeverinson": the words
		// decide, as inside a line
	default:
		return false
	}
	if next, _ := utf8.DecodeRuneInString(text[b:]); unicode.IsLower(next) {
		return true
	}
	if !opensParagraph(text, ls) || strings.ToUpper(line) == line { // no lower-case letter: a heading
		return false
	}
	nextLine := text[b:]
	if i := strings.IndexByte(nextLine, '\n'); i >= 0 {
		nextLine = nextLine[:i]
	}
	return utf8.RuneCountInString(strings.TrimSpace(nextLine)) >= shortLine
}

// opensParagraph reports whether the line that starts at byte ls is the
// text's first or follows a blank line. (An indented short line is more
// often a table row than a paragraph's first line.)
func opensParagraph(text string, ls int) bool {
	if strings.TrimSpace(text[:ls]) == "" {
		return true
	}
	before := strings.TrimRight(strings.TrimSuffix(text[:ls], "\n"), " \t\r")
	return strings.HasSuffix(before, "\n")
}

// isHardWrapped reports whether text looks like newswire prose broken into
// lines of similar width (single newlines inside sentences) rather than one
// paragraph per line: no line is very long, and most lines are of medium
// width, either among all lines or among the lines inside a paragraph
// (followed by a line that is neither blank nor indented; a paragraph's
// last line is short wherever its sentence ends, so short stories with
// their headings, table rows and sign-off lines are still found).
func isHardWrapped(text string) bool {
	lines, medium := 0, 0
	inner, innerMedium := 0, 0
	prev := -1 // width of the previous non-blank line with no blank line after it; -1 for none
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
			prev = -1
			continue
		}
		if n > 120 {
			return false
		}
		if prev >= 0 && !strings.HasPrefix(line, "  ") && !strings.HasPrefix(line, "\t") {
			inner++
			if isMediumLine(prev) {
				innerMedium++
			}
		}
		prev = n
		lines++
		if isMediumLine(n) {
			medium++
		}
	}
	return lines >= 3 && (medium*10 >= lines*6 || inner >= 2 && innerMedium*10 >= inner*6)
}

// isMediumLine reports whether a line of n runes has the width of a line
// filled by a fixed-width wrap.
func isMediumLine(n int) bool { return n >= 40 && n <= 90 }
