package search

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Scanning a query's text. bleve parses the query-string syntax itself, but
// three things are done to the text first, and all need to know which bytes
// are syntax: the parenthesis depth is limited (nesting), regexps lose their
// anchors and parenthesised groups are cut out (splitGroups). scanQuery
// reads the text once into tokens; the three work on those, and a group is
// parsed from its own tokens, not scanned again.

// tokKind is what a token is to the query syntax.
type tokKind uint8

const (
	tokText   tokKind = iota // bytes with no syntax of their own; inside a "phrase", all but '"' and escapes
	tokEscape                // a backslash and the character after it
	tokQuote                 // '"', opening or closing a phrase
	tokOpen                  // '(' outside a phrase
	tokClose                 // ')' outside a phrase
	tokRegexp                // a /regexp/ starting a word outside a phrase, slashes included
)

// token is a run of a query's text; the tokens of a text, in order, make it
// up again.
type token struct {
	kind tokKind
	pos  int // byte offset in the scanned text
	text string
}

// scanQuery cuts q into tokens. A phrase runs from a '"' to the next one
// that no backslash escapes (or to the end of q); parentheses inside it are
// text. A regexp is a '/' that starts a word (at the start of q or after
// white space, +, -, : or '(') up to the next unescaped '/' before any
// white space, outside a phrase: its parentheses and quotes are regexp
// syntax. A slash inside a word ("9/11", "and/or") is text.
func scanQuery(q string) []token {
	var toks []token
	inPhrase, textStart := false, 0
	for i := 0; i < len(q); {
		kind, n := tokText, 1
		switch c := q[i]; {
		case !inPhrase && c == '/' && (i == 0 || strings.IndexByte(" \t\n+-:(", q[i-1]) >= 0) && regexpLen(q[i:]) > 0:
			kind, n = tokRegexp, regexpLen(q[i:])
		case c == '\\' && i+1 < len(q):
			_, w := utf8.DecodeRuneInString(q[i+1:])
			kind, n = tokEscape, 1+w
		case c == '"':
			kind, inPhrase = tokQuote, !inPhrase
		case inPhrase:
		case c == '(':
			kind = tokOpen
		case c == ')':
			kind = tokClose
		}
		if kind != tokText {
			if i > textStart {
				toks = append(toks, token{tokText, textStart, q[textStart:i]})
			}
			toks = append(toks, token{kind, i, q[i : i+n]})
			textStart = i + n
		}
		i += n
	}
	if len(q) > textStart {
		toks = append(toks, token{tokText, textStart, q[textStart:]})
	}
	return toks
}

// regexpLen returns the length of the /regexp/ that s starts with, else 0.
func regexpLen(s string) int {
	for j := 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case ' ', '\t', '\n':
			return 0
		case '/':
			return j + 1
		}
	}
	return 0
}

// nesting is the deepest parenthesis nesting of toks.
func nesting(toks []token) int {
	depth, deepest := 0, 0
	for _, t := range toks {
		switch {
		case t.kind == tokOpen:
			depth++
			deepest = max(deepest, depth)
		case t.kind == tokClose && depth > 0:
			depth--
		}
	}
	return deepest
}

// writeToken writes t as bleve is to read it. A regexp loses its leading ^
// and trailing $ anchors: a regexp matches whole terms anyway, and bleve's
// lexer took "/^a/" for a word and a boost (the parser then panicked on
// "/"), while its regexp searcher rejected "$" only at search time, as a
// server error.
func writeToken(out *strings.Builder, t token) {
	if t.kind != tokRegexp {
		out.WriteString(t.text)
		return
	}
	re := strings.TrimLeft(t.text[1:len(t.text)-1], "^")
	for strings.HasSuffix(re, "$") && !strings.HasSuffix(re, `\$`) {
		re = re[:len(re)-1]
	}
	out.WriteString("/" + re + "/")
}

// trimTokens returns the tokens of strings.TrimSpace of the text of toks,
// as the query itself is trimmed: a group is parsed as the query it would
// be on its own. Only text and an escaped white-space character at the end
// ("a\\ ", which keeps its backslash as a text of its own) hold white space
// to trim.
func trimTokens(toks []token) []token {
	for len(toks) > 0 {
		t := toks[0]
		trimmed := strings.TrimLeftFunc(t.text, unicode.IsSpace)
		if trimmed == t.text {
			break
		}
		toks = toks[1:]
		if trimmed != "" {
			t.pos += len(t.text) - len(trimmed)
			t.text = trimmed
			toks = append([]token{t}, toks...)
			break
		}
	}
	for len(toks) > 0 {
		t := toks[len(toks)-1]
		trimmed := strings.TrimRightFunc(t.text, unicode.IsSpace)
		if trimmed == t.text {
			break
		}
		toks = toks[: len(toks)-1 : len(toks)-1] // append copies: toks is shared
		if trimmed != "" {
			toks = append(toks, token{tokText, t.pos, trimmed})
			break
		}
	}
	return toks
}

// Parenthesised groups. bleve's query-string syntax has no parentheses:
// it read "(oil" and "gas)" as words, so "(+oil +gas)" required only gas
// and "(a AND b) OR (c AND d)" meant a AND (b OR c) AND d. splitGroups
// replaces each outermost group by a stand-in word, bleve parses the text
// around them (so +, -, field:, ^boost and OR/AND/NOT apply to a group as
// to a word), and each stand-in leaf becomes its group, parsed the same way.

// groupWord is the stand-in of group i: groupWord + i + "x", one word to
// bleve's lexer and unlikely in a query.
const groupWord = "nfgroupq"

// splitGroups returns the text of toks for bleve (writeToken) with its
// outermost parenthesised groups replaced by stand-in words, and the
// groups' tokens, trimmed. Byte offsets in its errors count from the first
// of toks.
func splitGroups(param string, toks []token) (string, [][]token, error) {
	var out strings.Builder
	var groups [][]token
	base := 0
	if len(toks) > 0 {
		base = toks[0].pos
	}
	depth, start := 0, 0 // start: the index of the token after the outermost '('
	for i, t := range toks {
		switch t.kind {
		case tokOpen:
			depth++
			if depth == 1 {
				start = i + 1
				continue
			}
		case tokClose:
			if depth == 0 {
				return "", nil, reqErr(param, "closing parenthesis without an opening one (at byte %d)", t.pos-base)
			}
			depth--
			if depth > 0 {
				break
			}
			inner := trimTokens(toks[start:i])
			if len(inner) == 0 {
				return "", nil, reqErr(param, "empty parentheses (at byte %d)", toks[start-1].pos-base)
			}
			// The stand-in is a word of its own: a space before it
			// unless a +, -, field: or space leads in, after it unless a
			// space or ^boost follows.
			if s := out.String(); s != "" && !strings.ContainsAny(s[len(s)-1:], " \t\n+-:") {
				out.WriteByte(' ')
			}
			fmt.Fprintf(&out, "%s%dx", groupWord, len(groups))
			if i+1 < len(toks) && !strings.ContainsAny(toks[i+1].text[:1], " \t\n^") {
				out.WriteByte(' ')
			}
			groups = append(groups, inner)
			continue
		}
		if depth == 0 {
			writeToken(&out, t)
		}
	}
	if depth > 0 {
		return "", nil, reqErr(param, "unclosed parenthesis (opened at byte %d)", toks[start-1].pos-base)
	}
	return out.String(), groups, nil
}

// quoteOtherNumbers puts the words of toks that are numbers written in
// digits other than ASCII ("४५", "٢٠٢٤", "１２.５") in quotes, outside
// phrases. bleve's lexer reads a word of Unicode digits as a number, and
// its parser reads numbers with strconv, which knows ASCII digits only:
// "४५ girls" failed as invalid syntax. Quoted, such a word is searched as
// text (a phrase of one word), which is what a number that is not ASCII
// can mean here; escaping it does not work, as bleve keeps the backslash
// of a character it does not reserve.
func quoteOtherNumbers(toks []token) []token {
	inPhrase := false
	for i, t := range toks {
		switch {
		case t.kind == tokQuote:
			inPhrase = !inPhrase
		case t.kind == tokText && !inPhrase && strings.ContainsFunc(t.text, isOtherDigit):
			// A word starts the text unless an escape, a regexp or a
			// phrase runs into it.
			atStart := i == 0 || toks[i-1].kind == tokOpen || toks[i-1].kind == tokClose
			toks[i].text = quoteNumberWords(t.text, atStart)
		}
	}
	return toks
}

// quoteNumberWords quotes the number words of text (see
// quoteOtherNumbers). A word starts where bleve's lexer starts a token:
// after white space or one of + - : > < =, or at the start when atStart;
// it ends at white space, ':', '^' or '~', as bleve's number does.
func quoteNumberWords(text string, atStart bool) string {
	var b strings.Builder
	for i := 0; i < len(text); {
		start := atStart && i == 0 || i > 0 && strings.IndexByte(tokenStarters, text[i-1]) >= 0
		if !start || strings.IndexByte(tokenStarters, text[i]) >= 0 {
			b.WriteByte(text[i])
			i++
			continue
		}
		end := i + strings.IndexFunc(text[i:], func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(":^~", r) })
		if end < i {
			end = len(text)
		}
		w := text[i:end]
		if otherNumber(w) {
			b.WriteString(`"` + w + `"`)
		} else {
			b.WriteString(w)
		}
		i = end
	}
	return b.String()
}

// tokenStarters are the bytes after which bleve's lexer starts a token.
const tokenStarters = " \t\n+-:><="

// otherNumber reports a word bleve would lex as a number (digits, at most
// one '.') with a digit that is not ASCII.
func otherNumber(w string) bool {
	dots, other := 0, false
	for _, r := range w {
		switch {
		case r == '.':
			dots++
		case isOtherDigit(r):
			other = true
		case !unicode.IsDigit(r):
			return false
		}
	}
	return other && dots <= 1 && w != "."
}

func isOtherDigit(r rune) bool { return r > unicode.MaxASCII && unicode.IsDigit(r) }
