package quotes

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind classifies the tokens of the quote scanner.
type tokKind uint8

const (
	tkWord  tokKind = iota
	tkPunct         // any other single mark: , . ; : ! ? ( ) — …
	tkDQ            // a double quotation mark: " “ ” „ « » or ''
	tkSQ            // a single quotation mark or apostrophe standing alone: ' ‘ ’
)

// tok is one word or mark with code-point offsets [s, e) into the text.
type tok struct {
	s, e  int
	text  string
	lower string
	// para is the paragraph index; a paragraph ends at a newline, unless
	// the newline only wraps a line of text written at a fixed width.
	para int
	// seg is the index of the quotation segment the token lies in (marks
	// included), or -1.
	seg int
	// bs is the byte offset of s in the text when the text is valid UTF-8
	// (token texts are its substrings), else in string(rs).
	bs   int32
	kind tokKind
	// upper: the token starts with an upper-case letter (capitalized)
	upper bool
}

func (t tok) isWord() bool { return t.kind == tkWord }

// capitalized reports whether the token starts with an upper-case letter.
func (t tok) capitalized() bool { return t.upper }

// startsUpper reports whether s starts with an upper-case letter.
func startsUpper(s string) bool {
	if s == "" {
		return false
	}
	if c := s[0]; c < utf8.RuneSelf {
		return 'A' <= c && c <= 'Z'
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func isDQRune(r rune) bool {
	switch r {
	case '"', '“', '”', '„', '«', '»', '‟', '〝', '〞', '＂':
		return true
	}
	return false
}

func isSQRune(r rune) bool {
	switch r {
	case '\'', '‘', '’', '‚', '‹', '›', '`':
		return true
	}
	return false
}

func isWordRune(r rune) bool {
	if r < 0x300 { // no marks below U+0300: Latin-1 tables only
		if r < utf8.RuneSelf {
			return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
		}
		return unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// scan splits runes into tokens. Words keep inner apostrophes, hyphens and
// periods (don’t, U.S., Mr., well-known); a trailing period stays on a word
// only for abbreviations. Paragraph numbers increase at each newline but
// one that wraps text at a fixed width (wrapBreak).
// text is the string rs was made of: when it is valid UTF-8 (string(rs)
// == text), token texts are its substrings.
// The tokens are appended to dst[:0]; lows, when not nil, is scratch
// space kept for the next call.
func scan(text string, rs []rune, dst []tok, lows *[]int) []tok {
	toks := dst[:0]
	if cap(toks) < len(rs)/5+1 {
		toks = make([]tok, 0, len(rs)/5+1)
	}
	para := 0
	n := len(rs)
	// token texts are substrings of one string of the runes: the text
	// itself when it is valid UTF-8, else one copy
	str := text
	if !utf8.ValidString(str) {
		str = string(rs)
	}
	// lower-case token texts are substrings of one string written after
	// the scan, of the tokens that have upper-case letters (the others
	// are their own lower-case form)
	var low []int // pairs of a token to lower-case and its lower-case length
	if lows != nil {
		low = (*lows)[:0]
	}
	lowLen := 0    // bytes the lower-case forms take
	ri, bi := 0, 0 // a rune index and its byte offset in str; tokens come in order
	byteAt := func(i int) int {
		if len(str) == n { // ASCII: a rune is a byte
			ri, bi = i, i
			return i
		}
		for ri < i {
			l := utf8.RuneLen(rs[ri])
			if l < 0 {
				l = utf8.RuneLen(utf8.RuneError) // string(rs) writes an invalid rune as U+FFFD
			}
			bi += l
			ri++
		}
		return bi
	}
	add := func(s, e int, k tokKind) {
		bs := byteAt(s)
		text := str[bs:byteAt(e)]
		toks = append(toks, tok{s: s, e: e, text: text, lower: text, kind: k, para: para, seg: -1, bs: int32(bs), upper: startsUpper(text)})
		if l, ok := lowerLen(text); ok {
			low = append(low, len(toks)-1, l)
			lowLen += l
		}
	}
	width, lineStart := wrapWidth(rs), 0
	for i := 0; i < n; {
		r := rs[i]
		switch {
		case r == '\r' && i+1 < n && rs[i+1] == '\n':
			i++ // the line break is the '\n'
		case r == '\n' || r == '\r' || r == '\u2029':
			if r == '\n' && width > 0 && wrapBreak(rs, lineStart, i, width) {
				// a line wrapped at a fixed width goes on with its paragraph
			} else if len(toks) > 0 && toks[len(toks)-1].para == para {
				para++
			}
			i++
			lineStart = i
		case unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u200b' || r == '\ufeff':
			i++
		case isDQRune(r):
			add(i, i+1, tkDQ)
			i++
		case (r == '\'' || r == '’') && i+1 < n && (rs[i+1] == '\'' || rs[i+1] == '’') && (r == '\'' || rs[i+1] == '\''):
			add(i, i+2, tkDQ) // '' used as a double quotation mark
			i += 2
		case r == '`' && i+1 < n && rs[i+1] == '`':
			add(i, i+2, tkDQ)
			i += 2
		case isWordRune(r):
			j := i + 1
			for j < n {
				c := rs[j]
				if isWordRune(c) {
					j++
					continue
				}
				// thousands separators: 54,000 and 1,237
				if c == ',' && unicode.IsDigit(rs[j-1]) && thousands(rs[j+1:]) {
					j += 4
					continue
				}
				// inner joiners followed by a letter or digit
				if (c == '\'' || c == '’' || c == '-' || c == '.' || c == '&' || c == '‐') && j+1 < n && isWordRune(rs[j+1]) {
					if c == '\'' && j+2 < n && rs[j+1] == '\'' {
						break
					}
					j += 2
					continue
				}
				break
			}
			// abbreviation period: Mr. U.S. Jan. p.m. single initials
			if j < n && rs[j] == '.' && (isAbbrev(rs[i:j]) || numberSign(rs, i, j)) {
				j++
			}
			add(i, j, tkWord)
			i = j
		case isSQRune(r):
			add(i, i+1, tkSQ)
			i++
		default:
			add(i, i+1, tkPunct)
			i++
		}
	}
	if len(low) > 0 {
		var b strings.Builder
		b.Grow(lowLen)
		for i := 0; i < len(low); i += 2 {
			appendLower(&b, toks[low[i]].text)
		}
		all, off := b.String(), 0
		for i := 0; i < len(low); i += 2 {
			toks[low[i]].lower = all[off : off+low[i+1]]
			off += low[i+1]
		}
	}
	if lows != nil {
		*lows = low
	}
	return toks
}

// lowerLen reports whether strings.ToLower(s) differs from s and how many
// bytes it takes then. s is valid UTF-8.
func lowerLen(s string) (int, bool) {
	i := 0
	for ; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			break
		}
		if 'A' <= c && c <= 'Z' {
			for j := i + 1; j < len(s); j++ {
				if s[j] >= utf8.RuneSelf {
					return lowerLenRunes(s)
				}
			}
			return len(s), true
		}
	}
	if i == len(s) {
		return 0, false // ASCII without upper case
	}
	return lowerLenRunes(s)
}

func lowerLenRunes(s string) (int, bool) {
	n, changed := 0, false
	for _, r := range s {
		l := unicode.ToLower(r)
		changed = changed || l != r
		n += utf8.RuneLen(l)
	}
	return n, changed
}

// appendLower writes strings.ToLower(s) to b: unicode.ToLower rune by
// rune (s is valid UTF-8).
func appendLower(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			for _, r := range s {
				b.WriteRune(unicode.ToLower(r))
			}
			return
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
}

// abbrevs are words that take a period without ending a sentence.
var abbrevs = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "sen": true, "rep": true, "gov": true, "gen": true,
	"lt": true, "col": true, "sgt": true, "capt": true, "cmdr": true, "adm": true, "maj": true, "prof": true,
	"rev": true, "hon": true, "pres": true, "sec": true, "st": true, "mt": true, "ft": true, "jr": true,
	"sr": true, "inc": true, "co": true, "corp": true, "ltd": true, "vs": true, "no": false, "jan": true,
	"feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true,
	"oct": true, "nov": true, "dec": true, "etc": true, "e.g": true, "i.e": true, "u.s": true, "u.k": true,
	"u.n": true, "d.c": true, "a.m": true, "p.m": true, "calif": true, "fla": true, "mass": true, "ariz": true,
	"ala": true, "ark": true, "colo": true, "conn": true, "del": true, "ga": true, "ill": true, "ind": true,
	"kan": true, "ky": true, "la": true, "md": true, "mich": true, "minn": true, "miss": true, "mo": true,
	"mont": true, "neb": true, "nev": true, "n.h": true, "n.j": true, "n.m": true, "n.y": true, "n.c": true,
	"n.d": true, "okla": true, "ore": true, "pa": true, "r.i": true, "s.c": true, "s.d": true, "tenn": true,
	"tex": true, "va": true, "vt": true, "wash": true, "wis": true, "wyo": true, "supt": true, "gens": true,
	"sens": true, "reps": true, "messrs": true, "mmes": true, "dept": true, "univ": true, "assn": true,
	"bros": true, "est": true, "approx": true,
}

// titleAbbrevs never end a sentence (a name follows).
var titleAbbrevs = map[string]bool{
	"mr.": true, "mrs.": true, "ms.": true, "dr.": true, "sen.": true, "rep.": true, "gov.": true,
	"gen.": true, "lt.": true, "col.": true, "sgt.": true, "capt.": true, "adm.": true, "maj.": true,
	"prof.": true, "rev.": true, "hon.": true, "st.": true, "sens.": true, "reps.": true, "messrs.": true,
	"supt.": true, "cmdr.": true, "pres.": true,
}

func isAbbrev(w []rune) bool {
	if len(w) == 1 {
		return unicode.IsUpper(w[0]) // initials: J. K.
	}
	// s is strings.ToLower(string(w)), in a stack buffer for short words
	var buf [48]byte
	s := buf[:0]
	for _, r := range w {
		s = utf8.AppendRune(s, unicode.ToLower(r))
	}
	if abbrevs[string(s)] {
		return true
	}
	// a party and state: R-Wis., D-Calif. The last hyphen must be '-' (a
	// '‐' before the state never matched: the old slice started inside it)
	if h := bytes.LastIndexAny(s, "-‐"); h > 0 && s[h] == '-' && abbrevs[string(s[h+1:])] {
		return true
	}
	// dotted forms: U.S, D.C, a.m
	if bytes.IndexByte(s, '.') >= 0 {
		for p := s; ; {
			k := bytes.IndexByte(p, '.')
			if k < 0 {
				return utf8.RuneCount(p) <= 2
			}
			if utf8.RuneCount(p[:k]) > 2 {
				return false
			}
			p = p[k+1:]
		}
	}
	return false
}

// numberSign reports whether the word rs[i:j] is "No" or "Nos" used as a
// number sign before a period and a number ("the No. 2 Republican").
func numberSign(rs []rune, i, j int) bool {
	w := rs[i:j]
	word := len(w) >= 2 && len(w) <= 3 && unicode.ToLower(w[0]) == 'n' && unicode.ToLower(w[1]) == 'o' &&
		(len(w) == 2 || unicode.ToLower(w[2]) == 's')
	return word && j+2 < len(rs) && rs[j+1] == ' ' && unicode.IsDigit(rs[j+2])
}

// thousands reports whether rs starts with exactly three digits.
func thousands(rs []rune) bool {
	if len(rs) < 3 {
		return false
	}
	for _, r := range rs[:3] {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return len(rs) == 3 || !unicode.IsDigit(rs[3])
}

// maxWrapWidth bounds the line width of text wrapped at a fixed width:
// wire copy and e-mail wrap at 60 to 80 columns; text with longer lines
// has one line per paragraph.
const maxWrapWidth = 100

// wrapWidth returns the width of the longest line of rs when rs reads as
// text wrapped at a fixed width (three lines or more, none longer than
// maxWrapWidth), else 0.
func wrapWidth(rs []rune) int {
	w, lines, ll := 0, 1, 0
	for _, r := range rs {
		switch r {
		case '\n', '\u2029':
			lines++
			ll = 0
		case '\r':
		default:
			ll++
			if ll > w {
				if ll > maxWrapWidth {
					return 0
				}
				w = ll
			}
		}
	}
	if lines < 3 {
		return 0
	}
	return w
}

// wrapBreak reports whether the newline rs[nl] ending the line that starts
// at rs[ls] only wraps text written at most width code points wide: the
// next line goes on at once (no blank line, no indentation: an indented
// line opens a paragraph in wire copy) and either its first word would
// not have fitted on this line or it starts with a lower-case letter after
// a line that does not end a sentence (the first line of wire copy whose
// dateline was cut off is short). A short line ("Shr 1.20 dlrs vs 1.10") ends its
// paragraph.
func wrapBreak(rs []rune, ls, nl, width int) bool {
	if nl+1 >= len(rs) || unicode.IsSpace(rs[nl+1]) {
		return false
	}
	ll := nl - ls
	if nl > ls && rs[nl-1] == '\r' {
		ll--
	}
	if unicode.IsLower(rs[nl+1]) && ll > 0 && !strings.ContainsRune(".!?:;", rs[ls+ll-1]) {
		return true // a sentence goes on; the first line may be short ("…said it may\ndowngrade")
	}
	if unicode.IsLower(rs[nl+1]) && ll > 1 && rs[ls+ll-1] == '.' {
		// an abbreviation's period ends the line and the sentence goes on
		// in lower case: "between the U.S.\nand Japan", "Acme Corp.\nsaid"
		ws := ls + ll - 1
		for ws > ls && !unicode.IsSpace(rs[ws-1]) {
			ws--
		}
		if ws < ls+ll-1 && isAbbrev(rs[ws:ls+ll-1]) {
			return true
		}
	}
	w := 0
	for k := nl + 1; k < len(rs) && !unicode.IsSpace(rs[k]); k++ {
		w++
	}
	return ll+1+w > width
}
