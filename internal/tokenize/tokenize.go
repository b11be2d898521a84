// Package tokenize splits English news text into word tokens and sentences
// with code-point offsets into the original text.
//
// Tokens follow CoNLL-2003/Penn Treebank conventions where that helps the
// tagger: punctuation, quotes (straight and curly), brackets and dashes are
// separate tokens; possessive 's and contractions (n't, 're, ...) are split
// off; abbreviations (U.S., Mr., Jan., Inc.), initials, decimals and numbers
// with thousands separators (3.5, 1,000), URLs, e-mail addresses and
// hyphenated words (Jean-Claude) stay whole.
//
// Tokenize allocates only the result slice: every Token.Text is a substring
// of the input.
package tokenize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one word or punctuation mark. Start and End are Unicode
// code-point offsets into the text (End exclusive); StartByte and EndByte are
// the same span in bytes, so Text == text[StartByte:EndByte].
type Token struct {
	Text               string
	Start, End         int
	StartByte, EndByte int
}

// Tokenize splits text into tokens in text order. Whitespace (including
// no-break and zero-width spaces) and control characters separate tokens and
// are never part of one.
func Tokenize(text string) []Token {
	t := tokenizer{text: text, toks: make([]Token, 0, len(text)/5+1)}
	i := 0
	for i < len(text) {
		if c := text[i]; c < utf8.RuneSelf {
			if asciiSpace[c] {
				i++
				continue
			}
		} else if r, sz := utf8.DecodeRuneInString(text[i:]); isSpace(r) {
			i += sz
			continue
		}
		// the chunk up to the next separator; only a chunk with a '.' or
		// an '@' can hold a URL or an e-mail address
		j, mark := i, false
		for j < len(text) {
			c := text[j]
			if c < utf8.RuneSelf {
				if asciiSpace[c] {
					break
				}
				mark = mark || c == '.' || c == '@'
				j++
				continue
			}
			r, sz := utf8.DecodeRuneInString(text[j:])
			if isSpace(r) {
				break
			}
			j += sz
		}
		t.chunk(i, j, mark)
		i = j
	}
	return t.toks
}

// asciiSpace[c] is isSpace(rune(c)) for the ASCII bytes.
var asciiSpace = func() (sp [utf8.RuneSelf]bool) {
	for c := range sp {
		sp[c] = isSpace(rune(c))
	}
	return sp
}()

type tokenizer struct {
	text string
	toks []Token
	// cursor for incremental byte -> rune offset conversion
	curByte, curRune int
}

func decode(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

func decodeLast(s string, end int) (rune, int) {
	if c := s[end-1]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeLastRuneInString(s[:end])
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r':
		return true
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', utf8.RuneError:
		// zero-width characters and invalid bytes separate tokens
		return true
	}
	if r < 0x80 {
		return r < 0x20 || r == 0x7f
	}
	return unicode.IsSpace(r) || unicode.IsControl(r)
}

// emit appends text[bs:be] as a token. Calls are in increasing offset order.
func (t *tokenizer) emit(bs, be int) {
	if be <= bs {
		return
	}
	t.curRune += utf8.RuneCountInString(t.text[t.curByte:bs])
	start := t.curRune
	t.curRune += utf8.RuneCountInString(t.text[bs:be])
	t.curByte = be
	t.toks = append(t.toks, Token{Text: t.text[bs:be], Start: start, End: t.curRune, StartByte: bs, EndByte: be})
}

// chunk tokenizes a whitespace-free span [s, e); mark says whether it may
// hold a '.' or an '@' (false when it holds neither).
func (t *tokenizer) chunk(s, e int, mark bool) {
	for s < e {
		if mark && t.special(s, e) {
			return
		}
		p, n := t.hardSplit(s, e)
		if p < 0 {
			t.word(s, e)
			return
		}
		t.word(s, p)
		t.emit(p, p+n)
		s = p + n
	}
}

// special handles URLs and e-mail addresses (with surrounding punctuation)
// and reports whether it did.
func (t *tokenizer) special(s, e int) bool {
	seg := t.text[s:e]
	if strings.IndexByte(seg, '.') < 0 && strings.IndexByte(seg, '@') < 0 {
		return false
	}
	if !strings.Contains(seg, "://") && !strings.Contains(seg, "www.") && !strings.Contains(seg, "@") {
		return false
	}
	cs, ce := s, e
	for cs < ce {
		r, sz := decode(t.text, cs)
		if !isOpening(r) && r != '"' && r != '\'' && r != '<' {
			break
		}
		cs += sz
	}
	for ce > cs {
		r, sz := decodeLast(t.text, ce)
		if !strings.ContainsRune(".,;:!?\"'”’»)]}>", r) {
			break
		}
		ce -= sz
	}
	core := t.text[cs:ce]
	if !isURL(core) && !isEmail(core) {
		return false
	}
	for i := s; i < cs; {
		_, sz := decode(t.text, i)
		t.emit(i, i+sz)
		i += sz
	}
	t.emit(cs, ce)
	if ce < e {
		t.chunk(ce, e, true)
	}
	return true
}

func isURL(s string) bool {
	if i := strings.Index(s, "://"); i > 0 {
		for _, r := range s[:i] {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
				return false
			}
		}
		return len(s) > i+3
	}
	ls := strings.ToLower(s)
	return strings.HasPrefix(ls, "www.") && len(s) > 5 && strings.Contains(s[4:], ".") || strings.HasPrefix(ls, "www.") && len(s) > 4
}

func isEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	if at <= 0 || at != strings.LastIndexByte(s, '@') {
		return false
	}
	dom := s[at+1:]
	dot := strings.IndexByte(dom, '.')
	return dot > 0 && dot < len(dom)-1
}

func isOpening(r rune) bool {
	switch r {
	case '(', '[', '{', '“', '‘', '«', '‹', '„', '‚', '¿', '¡', '`':
		return true
	}
	return false
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// hardSplit finds the first character in [s, e) that is always a token of its
// own: brackets, double quotes, dashes, ellipses, ; ! ? and commas or colons
// not between digits. It returns its position and byte length, or -1.
func (t *tokenizer) hardSplit(s, e int) (int, int) {
	text := t.text
	for i := s; i < e; {
		r, sz := decode(text, i)
		switch r {
		case '(', ')', '[', ']', '{', '}', '"', '“', '”', '«', '»', '‹', '›', '„',
			';', '!', '?', '…', '—', '–', '―', '¿', '¡', '|':
			n := sz
			// keep runs like ?! or !!! together? CoNLL splits them; one each.
			return i, n
		case '.':
			// ellipsis: two or more dots
			if i+1 < e && text[i+1] == '.' {
				j := i
				for j < e && text[j] == '.' {
					j++
				}
				return i, j - i
			}
		case '-':
			if i+1 < e && text[i+1] == '-' {
				j := i
				for j < e && text[j] == '-' {
					j++
				}
				return i, j - i
			}
			// a leading or trailing hyphen is a dash ("-" as in CoNLL), an
			// inner one joins a word.
			if i == s || i+1 == e {
				return i, 1
			}
		case ',', ':':
			// 1,000 and 10:30 stay whole.
			if i > s && i+1 < e && isDigit(rune(text[i-1])) && isDigit(rune(text[i+1])) {
				break
			}
			return i, 1
		}
		i += sz
	}
	return -1, 0
}

// word tokenizes [s, e), which holds no hard-split characters: it peels
// leading quotes and currency signs, trailing periods (unless part of an
// abbreviation), quotes and percent signs, and splits contractions.
func (t *tokenizer) word(s, e int) {
	text := t.text
	// leading
	for s < e {
		r, sz := decode(text, s)
		switch {
		case r == '\'' || r == '‘' || r == '’' || r == '`' || r == '‚':
			// '90s keeps its apostrophe
			if s+sz < e && isDigit(rune(text[s+sz])) {
				goto trail
			}
			// a bare contraction token such as 's stays whole
			if isContraction(text[s:e]) {
				goto trail
			}
			if r == '`' && s+1 < e && text[s+1] == '`' {
				sz = 2
			}
			t.emit(s, s+sz)
			s += sz
			continue
		case r == '$' || r == '£' || r == '€' || r == '¥' || r == '#':
			if s+sz < e {
				if r2, _ := decode(text, s+sz); isDigit(r2) {
					t.emit(s, s+sz)
					s += sz
					continue
				}
			}
		case r == '-' || r == '/' || r == '*' || r == '+' || r == '=' || r == '~' || r == '<' || r == '>' || r == '&':
			if s+sz < e {
				t.emit(s, s+sz)
				s += sz
				continue
			}
		}
		break
	}
trail:
	if s >= e {
		return
	}
	// trailing: collect peeled marks, emit after the core
	var stack [8]int // end offsets of peeled marks, innermost first
	n := 0
	ends := e
	for e > s && n < len(stack) {
		r, sz := decodeLast(text, e)
		peel := false
		switch r {
		case '.':
			peel = e-sz > s && !isAbbrev(text[s:e])
		case '\'', '’', '‘', '`', '%', '*', '/', '&', '+', '=', '~', '<', '>':
			peel = e-sz > s
		}
		if !peel {
			break
		}
		stack[n] = e - sz
		n++
		e -= sz
	}
	if n == len(stack) {
		// pathological run of marks: emit the rest one rune each
		t.contraction(s, e)
		for i := e; i < ends; {
			_, sz := decode(text, i)
			t.emit(i, i+sz)
			i += sz
		}
		return
	}
	t.contraction(s, e)
	prev := e
	for k := n - 1; k >= 0; k-- {
		end := ends
		if k > 0 {
			end = stack[k-1]
		}
		t.emit(prev, end)
		prev = end
	}
}

// contraction emits [s, e), splitting a final 's, n't, 're, 've, 'll, 'd, 'm.
func (t *tokenizer) contraction(s, e int) {
	w := t.text[s:e]
	if k := contractionSplit(w); k > 0 {
		t.emit(s, s+k)
		t.emit(s+k, e)
		return
	}
	t.emit(s, e)
}

// contractionSplit returns the byte index where a contraction suffix starts
// in w, or 0.
func contractionSplit(w string) int {
	n := len(w)
	if n < 3 || strings.IndexByte(w, '\'') < 0 && strings.IndexByte(w, 0xE2) < 0 { // no ' or ’
		return 0
	}
	// n't / n’t
	for _, suf := range [...]string{"n't", "n’t", "N'T", "N’T"} {
		if n > len(suf) && strings.HasSuffix(w, suf) && isLetterBefore(w, n-len(suf)) {
			return n - len(suf)
		}
	}
	for _, ap := range [...]string{"'", "’"} {
		for _, suf := range [...]string{"s", "re", "ve", "ll", "d", "m", "S", "RE", "VE", "LL", "D", "M"} {
			k := n - len(suf) - len(ap)
			if k > 0 && strings.HasSuffix(w, suf) && w[k:k+len(ap)] == ap && isLetterBefore(w, k) {
				// O'Neill-style names never end in these; "I'd" and "it's" do
				return k
			}
		}
	}
	return 0
}

func isLetterBefore(w string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(w[:i])
	return unicode.IsLetter(r) || isDigit(r)
}

func isContraction(w string) bool {
	switch strings.ToLower(strings.ReplaceAll(w, "’", "'")) {
	case "'s", "'re", "'ve", "'ll", "'d", "'m", "'t":
		return true
	}
	return false
}

// isAbbrev reports whether w, ending in '.', is an abbreviation whose period
// belongs to it: an initial (J.), a dotted acronym (U.S., a.m., Ph.D.) or a
// known abbreviation (Mr., Gen., Jan., Inc.).
func isAbbrev(w string) bool {
	core := w[:len(w)-1]
	if core == "" {
		return false
	}
	if _, ok := abbrevs[core]; ok {
		return true
	}
	// single letter initial
	if r, sz := utf8.DecodeRuneInString(core); sz == len(core) && unicode.IsLetter(r) {
		return true
	}
	// dotted letters: U.S, a.m, Ph.D, U.S.A
	if strings.IndexByte(core, '.') > 0 {
		run := 0
		for _, r := range core {
			if r == '.' {
				if run == 0 {
					return false
				}
				run = 0
				continue
			}
			if !unicode.IsLetter(r) {
				return false
			}
			run++
			if run > 2 {
				return false
			}
		}
		return run > 0
	}
	return false
}

// AbbrevKind classifies a token ending in '.' for sentence splitting.
type abbrevKind int

const (
	notAbbrev   abbrevKind = iota
	abbrevTitle            // never ends a sentence: Mr. Gen. J.
	abbrevOther            // may end a sentence: U.S. Inc. Jan.
)

var abbrevs = map[string]abbrevKind{}

func init() {
	for _, a := range strings.Fields(`Mr Mrs Ms Messrs Mme Mmes Dr Prof Gen Lt Col Maj Capt Cpt Sgt Cpl Pvt Adm Cmdr Cdr
		Gov Sen Sens Rep Reps Rev Hon Pres Supt Insp Det Atty Brig Fr Sr Jr St Ste Mt Ft No Nos Nr Vol Art
		Gen Gens Lieut Amb Ald Msgr Sec Treas vs v cf`) {
		abbrevs[a] = abbrevTitle
	}
	for _, a := range strings.Fields(`Inc Corp Co Cos Ltd Bros Plc plc Dept Univ Assn Ave Blvd Rd Sq Hwy Pl
		Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun
		etc approx est fig figs al ca pp Calif Mass Fla Ill Pa Va Wash Conn Ariz Colo Mich Minn Tenn Tex Ky La Md Mo
		Nev Okla Ore Wis Wyo Ala Ark Del Ga Kan Neb Miss Vt Ind Ia Ida Mont NH NJ NY NC SC ND SD
		mln bln pct min max avg tel ext dept govt`) {
		if _, ok := abbrevs[a]; !ok {
			abbrevs[a] = abbrevOther
		}
	}
}

func abbrevKindOf(w string) abbrevKind {
	if len(w) < 2 || w[len(w)-1] != '.' {
		return notAbbrev
	}
	core := w[:len(w)-1]
	if k, ok := abbrevs[core]; ok {
		return k
	}
	if r, sz := utf8.DecodeRuneInString(core); sz == len(core) && unicode.IsUpper(r) {
		return abbrevTitle // initial
	}
	if isAbbrev(w) {
		return abbrevOther
	}
	return notAbbrev
}
