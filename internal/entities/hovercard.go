package entities

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxCardTokens bounds a hover card: a full name and a few headlines.
const maxCardTokens = 80

// maxCardName bounds the words of the full name that opens a hover card
// ("Donald John", "Jerrold ( Jerry ) Lewis").
const maxCardName = 6

// hoverCards returns the byte ranges of the hover cards a news site put
// after a name and a scraper kept inline: The Hill follows "President
// Trump" with "Donald John TrumpGOP senators balk at ... MORE" (the full
// name, its last word glued to the first of a few headlines, and "MORE").
// A card starts after a name word N, runs over capitalised words (or
// brackets) to a token that is N glued to a capitalised word ("TrumpGOP",
// "KellyMORE", "McCainDemocrats"), and ends at the first "MORE" within maxCardTokens on the
// same line. The ranges are in text order.
func (d *doc) hoverCards() []ByteRange {
	var out []ByteRange
	for g := 1; g < len(d.toks); g++ {
		if !hasGlue(d.texts[g]) {
			continue
		}
		// the name word before the card's first and middle names, which
		// the glued token starts with
		j := g - 1
		for j > 0 && g-j <= maxCardName && !gluedHead(d.texts[g], d.texts[j]) && (isCapitalised(d.texts[j]) || d.texts[j] == "(" || d.texts[j] == ")") {
			j--
		}
		if !gluedHead(d.texts[g], d.texts[j]) {
			continue
		}
		end := -1
		for k := g; k < len(d.toks) && k-g < maxCardTokens; k++ {
			if k > g && strings.IndexByte(d.text[d.toks[k-1].EndByte:d.toks[k].StartByte], '\n') >= 0 {
				break
			}
			if t := d.texts[k]; t == "MORE" || k == g && strings.HasSuffix(t, "MORE") || k > g && strings.HasSuffix(t, "MORE") && glued(t, len(t)-len("MORE")) {
				end = k
				break
			}
		}
		if end < 0 {
			continue
		}
		out = append(out, ByteRange{d.toks[j+1].StartByte, d.toks[end].EndByte})
		// the card's full name: its words outside brackets, and the head
		var full []string
		depth := 0
		for k := j + 1; k < g; k++ {
			switch d.texts[k] {
			case "(":
				depth++
			case ")":
				depth--
			default:
				if depth == 0 {
					full = append(full, d.texts[k])
				}
			}
		}
		if d.cardNames == nil {
			d.cardNames = map[int][]string{}
		}
		d.cardNames[j] = append(full, d.texts[j])
		g = end
	}
	return out
}

// gluedHead reports whether token t is the name word head glued to a
// capitalised word ("TrumpGOP", "KellyMORE", "McCainDemocrats" for head
// "McCain").
func gluedHead(t, head string) bool {
	return len(t) > len(head) && strings.HasPrefix(t, head) && glued(t, len(head))
}

// hasGlue reports whether t, a capitalised word of letters and at most a
// few other characters, has a capital right after a lower-case letter.
func hasGlue(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	if !unicode.IsUpper(r) {
		return false
	}
	for i := 1; i < len(t); i++ {
		if glued(t, i) {
			return true
		}
	}
	return false
}

// glued reports whether byte i of t starts a capital right after a
// lower-case letter.
func glued(t string, i int) bool {
	if i <= 0 || i >= len(t) {
		return false
	}
	p, _ := utf8.DecodeLastRuneInString(t[:i])
	r, _ := utf8.DecodeRuneInString(t[i:])
	return unicode.IsLower(p) && unicode.IsUpper(r)
}

// withCards adds the hover cards to the furniture ranges fs, keeping them
// in order and leaving out cards inside furniture lines.
func withCards(fs, cards []ByteRange) []ByteRange {
	if len(cards) == 0 {
		return fs
	}
	out := append([]ByteRange(nil), fs...)
	for _, c := range cards {
		if !inFurniture(fs, c.Start) {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// cutAtFurniture ends the token span [s, e) before the first furniture
// range that starts inside it ("President Trump" + a hover card).
func (d *doc) cutAtFurniture(fs []ByteRange, s, e int) int {
	a, b := d.toks[s].StartByte, d.toks[e-1].EndByte
	i := sort.Search(len(fs), func(i int) bool { return fs[i].Start > a })
	if i == len(fs) || fs[i].Start >= b {
		return e
	}
	for k := s + 1; k < e; k++ {
		if d.toks[k].StartByte >= fs[i].Start {
			return k
		}
	}
	return e
}
