package quotes

import (
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
	kind  tokKind
	// para is the paragraph index; a paragraph ends at a newline.
	para int
	// seg is the index of the quotation segment the token lies in (marks
	// included), or -1.
	seg int
}

func (t tok) isWord() bool { return t.kind == tkWord }

// capitalized reports whether the token starts with an upper-case letter.
func (t tok) capitalized() bool {
	for _, r := range t.text {
		return unicode.IsUpper(r)
	}
	return false
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
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// scan splits runes into tokens. Words keep inner apostrophes, hyphens and
// periods (don’t, U.S., Mr., well-known); a trailing period stays on a word
// only for abbreviations. Paragraph numbers increase at each newline.
func scan(rs []rune) []tok {
	toks := make([]tok, 0, len(rs)/5+1)
	para := 0
	n := len(rs)
	// token texts are substrings of one string of the runes: one
	// allocation for the text instead of one per token
	str := string(rs)
	ri, bi := 0, 0 // a rune index and its byte offset in str; tokens come in order
	byteAt := func(i int) int {
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
		toks = append(toks, tok{s: s, e: e, text: text, lower: strings.ToLower(text), kind: k, para: para, seg: -1})
	}
	for i := 0; i < n; {
		r := rs[i]
		switch {
		case r == '\n' || r == '\r' || r == '\u2029':
			if len(toks) > 0 && toks[len(toks)-1].para == para {
				para++
			}
			i++
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
	return toks
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
	s := strings.ToLower(string(w))
	if abbrevs[s] {
		return true
	}
	if h := strings.LastIndexAny(s, "-‐"); h > 0 && abbrevs[s[h+len(string(s[h])):]] {
		return true // a party and state: R-Wis., D-Calif.
	}
	// dotted forms: U.S, D.C, a.m
	if strings.Contains(s, ".") {
		for _, p := range strings.Split(s, ".") {
			if len([]rune(p)) > 2 {
				return false
			}
		}
		return true
	}
	return false
}

// numberSign reports whether the word rs[i:j] is "No" or "Nos" used as a
// number sign before a period and a number ("the No. 2 Republican").
func numberSign(rs []rune, i, j int) bool {
	w := strings.ToLower(string(rs[i:j]))
	return (w == "no" || w == "nos") && j+2 < len(rs) && rs[j+1] == ' ' && unicode.IsDigit(rs[j+2])
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
