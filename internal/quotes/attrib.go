package quotes

import (
	"strings"

	"github.com/newsfind/newsfind/schema"
)

// attribution is one quote found in the text before speaker resolution.
type attribution struct {
	s, e     int      // content code-point range
	parts    [][2]int // content fragments (code points) when an attribution clause splits it
	tokS     int      // content token range [tokS, tokE)
	tokE     int
	direct   bool
	cueS     int // cue token range [cueS, cueE); cueS == -1 when none (inherited speaker)
	cueE     int
	cueColon bool // "Smith: “…”"
	spkS     int  // speaker mention token range; spkS == -1 when none
	spkE     int
	// rel is the relative pronoun that stands for the speaker next to the
	// cue ("Smith, who said …"): the mention, resolved through the noun
	// phrase at spkS. -1 when none.
	rel int
	// from is the attribution whose speaker this one inherits (-1: none).
	from int
	sent int
	para int
	// pending: the cue has no content in its sentence ("Smith said:"); the
	// next quotation-only sentence supplies it.
	pending bool
	// dropped: the attribution lies inside another's content and is
	// reported by it (untangleNested).
	dropped bool

	// resolved speaker
	speaker string
	mention *schema.Mention
}

// npBefore finds the speaker noun phrase ending just before token i
// (skipping auxiliaries and adverbs: "has also said").
func (d *doc) npBefore(lo, i int) (int, int, bool) {
	toks := d.toks
	j := i - 1
	for skips := 0; j >= lo && skips < 5 && toks[j].kind == tkWord && toks[j].seg < 0 && (auxAdverbs[toks[j].lower] && !(toks[j].capitalized() && j > lo) || isAdverb(toks[j].lower) && !toks[j].capitalized() || skips < 4 && d.timeAdjunct(j) || degreeAdverb(toks, j, i)); skips++ {
		if toks[j].lower == "who" {
			break
		}
		if beForms[toks[j].lower] && !strings.HasSuffix(toks[i].lower, "ing") {
			return 0, 0, false // passive: "the coach was asked"
		}
		j--
	}
	if j-1 > lo && toks[j].seg >= 0 && d.segs[toks[j].seg].close == j && toks[j-1].text == "," && d.titleQuote(toks[j].seg) {
		j-- // "Hemsley, the co-author of “Going Viral,” said": the title's comma closes the apposition
	} else if j < lo || toks[j].seg >= 0 {
		return 0, 0, false
	}
	t := toks[j]
	if t.text == "," && t.seg < 0 && j-1 > lo && toks[j-1].text == ")" {
		j-- // "Sen. Jack Reed (D-R.I.), said": a stray comma after the party
		t = toks[j]
	}
	if t.kind == tkPunct && t.text == ")" { // Sen. Ted Cruz (R-Texas) said
		k := j - 1
		for k > lo && toks[k].text != "(" && j-k < 12 {
			k--
		}
		if k <= lo || toks[k].text != "(" {
			return 0, 0, false
		}
		return d.npEndingAt(lo, k-1)
	}
	if t.kind == tkPunct && t.text == "," && t.seg < 0 {
		// "Sandy Phillips, who lost her daughter in Aurora, Colorado, in
		// 2012, said": a name that opens the sentence, then an apposition
		// with commas of its own
		if na, nb, ok := d.leadingName(lo, j); ok {
			return na, nb, true
		}
	}
	if t.kind == tkPunct && (t.text == "," || t.text == "—" || t.text == "–") { // Smith, a spokesman, said
		k := j - 1
		for k > lo && !(toks[k].text == t.text && toks[k].seg < 0) && (toks[k].seg < 0 || d.titleQuote(toks[k].seg)) && j-k < 40 && !(isTerminal(toks[k]) && toks[k].seg < 0) {
			k-- // a title may stand in the apposition: "Hemsley, the co-author of “Going Viral,” said"
		}
		if k-2 > lo && toks[k].text == "," && isNumber(toks[k-1].text) && toks[k-2].text == "," {
			k -= 2 // an age before the apposition: "Jimmy Ghazal, 39, a Lebanese man …, told"
		}
		if k > lo && toks[k].text == t.text && toks[k].seg < 0 && !d.clauseBetween(k+1, j) {
			n := toks[k+1]
			if n.kind == tkWord && (insertionOpeners[n.lower] || isAdverb(n.lower) && !n.capitalized() || d.participleInsertion(k+1)) && j-k <= 16 {
				// "Murphy, though, said", "Lewandowski, in a statement
				// released on Thursday, said": an adverbial insertion, unless
				// a name follows the cue ("…, forcing her to fend off
				// Sanders, said Brad Bannon" is inverted)
				if d.invertedAfter(i) {
					return 0, 0, false
				}
				return d.npEndingAt(lo, k-1)
			}
			if d.appositiveName(k, j) || d.memberApposition(lo, k, j) {
				// "The head of the group, Mike Murphy, praised …", "a
				// third, Daniel Traynor, said": the name in apposition
				// to a common noun names the speaker; the mention spans
				// both, its head is the name
				if sa, _, ok := d.npEndingAt(lo, k-1); ok {
					return sa, j, true
				}
				return k + 1, j, true
			}
			// the apposition itself must start like a noun phrase or be an age
			if n.kind == tkWord && (determiners[n.lower] || n.capitalized() || isNumber(n.text) || isPossessive(n) || n.lower == "who" || n.lower == "whose" || n.lower == "which" || n.lower == "including" || appositionNoun(d, k+1)) {
				if k-1 >= lo && toks[k-1].text == ")" { // Rep. Elijah Cummings (D-Md.), chair of …, said
					m := k - 2
					for m > lo && toks[m].text != "(" && k-m < 12 {
						m--
					}
					if m > lo && toks[m].text == "(" {
						return d.npEndingAt(lo, m-1)
					}
				}
				return d.npEndingAt(lo, k-1)
			}
		}
		return 0, 0, false
	}
	if t.text == "%" && j > lo && isNumber(toks[j-1].text) {
		return j - 1, j + 1, true // "47% say"
	}
	if t.kind != tkWord {
		return 0, 0, false
	}
	if j-1 > lo && j+1 < i && timeUnits[t.lower] && t.seg < 0 && (toks[j+1].lower == "later" || toks[j+1].lower == "earlier" || toks[j+1].lower == "ago") &&
		(toks[j-1].lower == "a" || toks[j-1].lower == "an" || isNumber(toks[j-1].text) || numberWords[toks[j-1].lower] || toks[j-1].lower == "few" || toks[j-1].lower == "several") {
		// "When Fiorina a month later announced …": a measure of time
		// before the cue, the speaker before it
		return d.npBefore(lo, j-1)
	}
	if floatingQuantifier(toks, lo, j) {
		// "McConnell, who has both endorsed …", "They all said": the
		// quantifier floats after its noun phrase
		return d.npBefore(lo, j)
	}
	if relativePronouns[t.lower] {
		// "Smith, who said" / "a report that said"
		if j-1 >= lo && toks[j-1].text == "," {
			return d.npEndingAt(lo, j-2)
		}
		if t.lower == "who" {
			return j, j + 1, true
		}
		return d.npEndingAt(lo, j-1)
	}
	if subjectPronouns[t.lower] || contractedPronoun(t.lower) {
		return j, j + 1, true
	}
	sa, sb, ok := d.npEndingAt(lo, j)
	if ok && sa-2 >= lo && adjunctPreps[toks[sa-1].lower] && toks[sa-1].seg < 0 && auxAdverbs[toks[sa-2].lower] && !relativePronouns[toks[sa-2].lower] && toks[sa-2].seg < 0 {
		// "Gore's allies have in the past said": the speaker is before
		// the auxiliary
		if ps, pe, ok := d.npBefore(lo, sa-1); ok {
			return ps, pe, true
		}
	}
	if ok && sa-2 >= lo && adjunctPreps[toks[sa-1].lower] && toks[sa-1].seg < 0 && relativePronouns[toks[sa-2].lower] && toks[sa-2].seg < 0 {
		// "Zucker, who in the past has voiced …": the relative pronoun
		// before the adjunct speaks
		r := sa - 2
		if r-1 >= lo && toks[r-1].text == "," && toks[r-1].seg < 0 {
			return d.npEndingAt(lo, r-2)
		}
		if toks[r].lower == "who" {
			return r, r + 1, true
		}
		return d.npEndingAt(lo, r-1)
	}
	if ok && sa-2 >= lo && adjunctPreps[toks[sa-1].lower] && toks[sa-1].seg < 0 {
		// "Trump in his announcement speech called …", "Clinton in Iowa
		// said", "Officials in Ohio said": the noun phrase is in an
		// adjunct; the speaker is the one before it
		if ps, pe, ok := d.npEndingAt(lo, sa-2); ok && pe == sa-1 {
			if h := toks[pe-1]; h.capitalized() && !stopwords[h.lower] || subjectPronouns[h.lower] && !relativePronouns[h.lower] || roleNouns[h.lower] || isPluralNoun(h.lower) {
				return ps, pe, true
			}
		}
	}
	return sa, sb, ok
}

// appositiveName reports whether the tokens between the commas at k and
// j are a personal name (one to four capitalised words, no place) in
// apposition to a noun phrase with a common-noun head before k.
func (d *doc) appositiveName(k, j int) bool {
	toks := d.toks
	if k < 1 || j-k-1 < 1 || j-k-1 > 4 {
		return false
	}
	h := toks[k-1]
	if h.kind != tkWord || h.seg >= 0 || h.capitalized() || stopwords[h.lower] || isNumber(h.text) || subjectPronouns[h.lower] {
		return false
	}
	for m := k + 1; m < j; m++ {
		t := toks[m]
		if t.kind != tkWord || t.seg >= 0 || !t.capitalized() || stopwords[t.lower] || titleWords[t.lower] && m == j-1 {
			return false
		}
	}
	return !d.isPlace(k+1, j)
}

// memberApposition reports whether the comma at k, after a noun phrase
// for one unnamed member of a group ("A Republican", "one senior
// Democrat"), opens a name in apposition up to the comma at j: "A
// Republican, Jane Roe, said" is Jane Roe's. The name is one to four
// capitalised words that are no place.
func (d *doc) memberApposition(lo, k, j int) bool {
	toks := d.toks
	if k < 1 || j-k-1 < 1 || j-k-1 > 4 || !isPartyMember(toks[k-1]) {
		return false
	}
	sa, _, ok := d.npEndingAt(lo, k-1)
	if !ok || !indefinites[toks[sa].lower] {
		return false
	}
	for m := k + 1; m < j; m++ {
		if t := toks[m]; t.kind != tkWord || t.seg >= 0 || !t.capitalized() || stopwords[t.lower] || titleWords[t.lower] && m == j-1 {
			return false
		}
	}
	return !d.isPlace(k+1, j)
}

// degreeAdverb reports whether token j, before the cue at i, is "most" or
// "more" modifying the adverb after it ("and most recently defended").
func degreeAdverb(toks []tok, j, i int) bool {
	l := toks[j].lower
	return (l == "most" || l == "more") && !toks[j].capitalized() && j+1 < i && isAdverb(toks[j+1].lower)
}

// floatingQuantifier reports whether token j is "both", "all" or "each"
// floating after the noun phrase it quantifies: after an auxiliary, a
// pronoun, a name or a plural noun ("who have both endorsed", "they all
// said", "Democrats each said").
func floatingQuantifier(toks []tok, lo, j int) bool {
	l := toks[j].lower
	if l != "both" && l != "all" && l != "each" || toks[j].capitalized() || j-1 < lo {
		return false
	}
	p := toks[j-1]
	if p.kind != tkWord || p.seg >= 0 {
		return false
	}
	return auxAdverbs[p.lower] && !relativePronouns[p.lower] || subjectPronouns[p.lower] && !relativePronouns[p.lower] ||
		p.capitalized() && !stopwords[p.lower] || isPluralNoun(p.lower) || roleNouns[p.lower]
}

// leadingName returns the name that opens the sentence at lo when a comma
// follows it and the words up to the comma at j are one apposition with
// more than one comma in it: no quotation, no semicolon or dash, no cue.
func (d *doc) leadingName(lo, j int) (int, int, bool) {
	toks := d.toks
	if lo >= j || !toks[lo].capitalized() || toks[lo].seg >= 0 || isAdverb(toks[lo].lower) || frontedOpeners[toks[lo].lower] || stopwords[toks[lo].lower] {
		return 0, 0, false // "Similarly, William Bennett, a …, said"
	}
	na, nb, ok := d.npAfter(lo, j)
	if !ok || nb >= j || toks[nb].text != "," || !toks[nb-1].capitalized() {
		return 0, 0, false
	}
	commas := 0
	for k := nb + 1; k < j; k++ {
		t := toks[k]
		if t.seg >= 0 || t.text == ";" || isDash(t) || isTerminal(t) {
			return 0, 0, false
		}
		if t.text == "," {
			commas++
		}
		if f, cue := d.lx.match(toks, k); cue && f.verb.class == cueSpeech {
			return 0, 0, false
		}
	}
	if commas == 0 {
		return 0, 0, false // "Smith, a spokesman, said": the usual reading
	}
	return na, nb, true
}

// adjunctPreps open an adjunct between a speaker and the cue ("Trump in
// his speech said", "Obama at a rally said").
var adjunctPreps = set("in", "during", "via", "through")

// skipAdverbs returns the index of the last token before i that is not an
// auxiliary or adverb.
func (d *doc) skipAdverbs(lo, i int) int {
	j := i - 1
	for skips := 0; j >= lo && skips < 3 && d.toks[j].kind == tkWord && (auxAdverbs[d.toks[j].lower] || isAdverb(d.toks[j].lower) && !d.toks[j].capitalized() || degreeAdverb(d.toks, j, i)); skips++ {
		j--
	}
	return j
}

// contractedPronoun: he's, she’s, they've, I've (a pronoun with its auxiliary).
func contractedPronoun(l string) bool {
	for _, suf := range []string{"'s", "’s", "'ve", "’ve", "'d", "’d", "'ll", "’ll"} {
		if strings.HasSuffix(l, suf) && subjectPronouns[strings.TrimSuffix(l, suf)] {
			return true
		}
	}
	return false
}

func isNumber(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// npEndingAt scans a noun phrase back from its head at token j.
func (d *doc) npEndingAt(lo, j int) (int, int, bool) {
	toks := d.toks
	if j < lo || j >= len(toks) {
		return 0, 0, false
	}
	h := toks[j]
	ratio := numberWords[h.lower] && j-2 >= lo && toks[j-1].lower == "in" // "one in five"
	if quantifierPronouns[h.lower] && h.kind == tkWord && h.seg < 0 && !ratio && (j == lo || toks[j-1].kind != tkWord || stopwords[toks[j-1].lower]) {
		return j, j + 1, true // "Another tweeted", "…, and many say"
	}
	if h.kind != tkWord || h.seg >= 0 || determiners[h.lower] && !subjectPronouns[h.lower] && !ratio {
		return 0, 0, false
	}
	if (h.lower == "them" || h.lower == "us" || h.lower == "those") && j-2 >= lo && toks[j-1].lower == "of" && (subjectPronouns[toks[j-2].lower] || determiners[toks[j-2].lower] || isNumber(toks[j-2].text)) {
		return j - 2, j + 1, true // "most of them said"
	}
	if _, cue := d.lx.match(toks, j); cue && !d.nounHead(lo, j) {
		return 0, 0, false
	}
	start := -1
	switch {
	case subjectPronouns[h.lower] && !relativePronouns[h.lower]:
		return j, j + 1, true
	case stopwords[h.lower] && !(h.capitalized() && j > lo && auxAdverbs[h.lower]):
		return 0, 0, false // but a capitalized modal inside a sentence is a name: "…,” Will wrote
	case h.capitalized() || isPossessive(h):
		start = j
	case (isNumber(h.text) || numberWords[h.lower]) && j-2 >= lo && toks[j-1].lower == "in" && (isNumber(toks[j-2].text) || numberWords[toks[j-2].lower]):
		// "six in 10 say", "More than six in 10 said", "One in five say"
		s := j - 2
		if s-2 >= lo && toks[s-1].lower == "than" && (toks[s-2].lower == "more" || toks[s-2].lower == "fewer" || toks[s-2].lower == "less") {
			s -= 2
		}
		return s, j + 1, true
	case roleNouns[h.lower] || isPluralNoun(h.lower):
		start = j
	case speakerNouns[h.lower] && (j == lo || toks[j-1].kind == tkPunct && toks[j-1].seg < 0):
		start = j // a bare noun in headline style: "…, analyst says"
	}
	k := j
	for k-1 >= lo && j-(k-1) < 12 {
		w := toks[k-1]
		if w.kind != tkWord || w.seg >= 0 {
			break
		}
		if determiners[w.lower] {
			start = k - 1
			if k-3 >= lo && (toks[k-2].lower == "of" || toks[k-2].lower == "at") && toks[k-3].capitalized() && toks[k-3].seg < 0 && w.lower == "the" {
				// "Jeffrey Lewis of the James Martin Center … wrote"
				k -= 2
				continue
			}
			break
		}
		if w.capitalized() && !stopwords[w.lower] || isPossessive(w) {
			k--
			start = k
			continue
		}
		if start == j && isNumber(w.text) {
			k-- // "14 percent said"
			start = k
			continue
		}
		if npConnectors[w.lower] {
			k--
			continue
		}
		if !stopwords[w.lower] && !auxAdverbs[w.lower] && !(isAdverb(w.lower) && !w.capitalized()) {
			if _, cue := d.lx.match(toks, k-1); cue {
				break
			}
			k--
			continue
		}
		break
	}
	if start < 0 {
		return 0, 0, false
	}
	if start == j && k < j && (roleNouns[h.lower] || isPluralNoun(h.lower)) && (k == lo || toks[k-1].kind == tkPunct && toks[k-1].seg < 0) {
		// a bare plural with its modifiers at the start of a clause:
		// "…, teachers and union officials told POLITICO"
		start = k
	}
	for start < j && npConnectors[toks[start].lower] {
		start++
	}
	return start, j + 1, true
}

func isPluralNoun(l string) bool {
	return len(l) > 4 && l[len(l)-1] == 's' && l[len(l)-2] != 's' && l[len(l)-2] != 'u' && l[len(l)-2] != 'i'
}

// npAfter reads a speaker noun phrase starting at token i (inverted
// attribution: "…," said Mr. Smith).
func (d *doc) npAfter(i, hi int) (int, int, bool) {
	toks := d.toks
	if i >= hi || toks[i].kind != tkWord || toks[i].seg >= 0 {
		return 0, 0, false
	}
	t := toks[i]
	if subjectPronouns[t.lower] && !relativePronouns[t.lower] {
		return i, i + 1, true
	}
	if quantifierPronouns[t.lower] {
		// "…,” tweeted another.", "said one of two witnesses who …"
		if i+1 >= hi || toks[i+1].kind != tkWord || toks[i+1].seg >= 0 {
			return i, i + 1, true
		}
		if toks[i+1].lower == "of" {
			if _, nb, ok := d.npAfter(i+2, hi); ok {
				return i, nb, true
			}
		}
	}
	k := i
	det := false
	if determiners[t.lower] || isPossessive(t) {
		det = true
		k++
	} else if !t.capitalized() {
		// lowercase modifiers before a name: "said former Gov. Jim
		// Hodges", "said campaign spokesman Jason Miller"
		m := i
		for m < hi && m-i < 4 && toks[m].kind == tkWord && toks[m].seg < 0 && !toks[m].capitalized() && (!stopwords[toks[m].lower] || toks[m].lower == "of" && m > i) && !auxAdverbs[toks[m].lower] {
			m++ // "said master of ceremonies Asab Al-Tabchi"
		}
		if m == i || m >= hi || m-i >= 4 || !toks[m].capitalized() || toks[m].seg >= 0 || stopwords[toks[m].lower] {
			return 0, 0, false
		}
		k = m
	}
	end := -1
	for ; k < hi && k-i < 9; k++ {
		w := toks[k]
		if w.kind != tkWord || w.seg >= 0 {
			break
		}
		if w.capitalized() && !stopwords[w.lower] || isPossessive(w) {
			end = k + 1
			continue
		}
		if npConnectors[w.lower] && end > 0 && w.lower != "and" {
			continue
		}
		if end == k && (speakerNouns[w.lower] || titleWords[w.lower]) && k+1 < hi && toks[k+1].kind == tkWord && toks[k+1].seg < 0 && toks[k+1].capitalized() && !stopwords[toks[k+1].lower] {
			continue // "Senate leader Jane Roe", "Trump campaign manager Paul Manafort"
		}
		if !det && end == k && k > i {
			// "Israeli industry minister Ehud Olmert was …", "Israeli
			// officials were …": a capitalised modifier (a nationality,
			// a name) before common nouns that end in a role noun with
			// the name after it, or in a group
			if m, name := d.roleAfterModifiers(k, hi); m > k {
				if name {
					k = m - 1
					continue
				}
				end = m
			}
		}
		if det && end == k && k > i+1 && toks[k-1].capitalized() && strings.HasSuffix(w.lower, "ed") {
			break // "The White House issued …": a verb after the name
		}
		if det && end == k && k > i+1 && strings.HasSuffix(w.lower, "ed") && (isPluralNoun(toks[k-1].lower) || roleNouns[toks[k-1].lower]) {
			break // "the senators remained wary": a verb after a plural noun
		}
		if det && end == k && k > i+1 && len(w.lower) > 4 && strings.HasSuffix(w.lower, "ed") && k+1 < hi && toks[k+1].kind == tkWord && toks[k+1].seg < 0 && (stopwords[toks[k+1].lower] && !npConnectors[toks[k+1].lower] || isAdverb(toks[k+1].lower)) {
			break // "the fracas erupted just …", "the crowd cheered when …": a verb
		}
		if det && end == k && k > i+1 && strings.HasSuffix(w.lower, "ed") && k+1 < len(toks) && determiners[toks[k+1].lower] && toks[k+1].seg < 0 {
			break // "the company issued a statement": a verb before its object
		}
		if det && end == k && k > i+1 && k+1 < hi && toks[k+1].seg < 0 && (toks[k+1].lower != "a" && determiners[toks[k+1].lower] || isNumber(toks[k+1].text)) {
			break // "the senator broke his silence", "the documents included 44": a verb
		}
		if det && !stopwords[w.lower] && !auxAdverbs[w.lower] {
			if _, cue := d.lx.match(toks, k); cue && k > i+1 {
				break // after the determiner a cue word is a noun (the report)
			}
			end = k + 1
			continue
		}
		break
	}
	if end < 0 {
		return 0, 0, false
	}
	return i, end, true
}

// maxRoleModifiers bounds the lower-case modifiers before a role noun
// in roleAfterModifiers ("industry", "oil ministry", "shadow local
// government" of "Tory shadow local government secretary Caroline
// Spelman").
const maxRoleModifiers = 3

// roleAfterModifiers reads the lower-case words from token k as at most
// maxRoleModifiers modifiers and a head noun: a singular role noun or
// title with a capitalised name after it ("industry minister Ehud
// Olmert": it returns the index of the name and true) or a plural noun
// for a group of people ("officials", "oil traders": it returns the index
// after the head and false). It returns k when the words are neither.
func (d *doc) roleAfterModifiers(k, hi int) (int, bool) {
	toks := d.toks
	for m := k; m < hi && m <= k+maxRoleModifiers; m++ {
		w := toks[m]
		if w.kind != tkWord || w.seg >= 0 || w.capitalized() || stopwords[w.lower] || auxAdverbs[w.lower] || isAdverb(w.lower) {
			return k, false
		}
		if (speakerNouns[w.lower] || titleWords[w.lower]) && m+1 < hi && toks[m+1].kind == tkWord && toks[m+1].seg < 0 && toks[m+1].capitalized() && !stopwords[toks[m+1].lower] {
			return m + 1, true
		}
		if (roleNouns[w.lower] || groupNouns[w.lower]) && !documentNouns[w.lower] && !quantifierPronouns[w.lower] && !nonPersonGroups[w.lower] {
			return m + 1, false
		}
		if strings.HasSuffix(w.lower, "ed") || strings.HasSuffix(w.lower, "ing") || strings.HasSuffix(w.lower, "s") {
			return k, false // a verb, or a plural that is no modifier
		}
	}
	return k, false
}

// nonPersonGroups are group nouns of roleNouns and groupNouns that are
// no people.
var nonPersonGroups = set("percent", "figures", "statistics", "estimates", "forecasts", "data", "others")

// subject finds the subject noun phrase of the clause that starts at lo
// ("On Tuesday, Smith issued a statement, saying …").
func (d *doc) subject(lo, hi int) (int, int, bool) {
	toks := d.toks
	k := lo
	// skip a dateline: "WASHINGTON, Dec. 8 (UPI) — …", "New York (AFP) – …"
	if m := d.datelineEnd(lo, hi); m > lo {
		k = m
	}
	// a coordinator opens the clause, not an adverbial ("But some of his
	// supporters remain reluctant, often citing …")
	for k < hi && toks[k].kind == tkWord && toks[k].seg < 0 && (toks[k].lower == "but" || toks[k].lower == "and" || toks[k].lower == "so" || toks[k].lower == "yet") && k+1 < hi && toks[k+1].text != "," {
		k++
	}
	// skip fronted adverbials ending in a comma ("On Thursday, after
	// remaining neutral, Warren …")
	for round := 0; round < 3 && k < hi; round++ {
		f := toks[k]
		if f.kind == tkWord && f.seg < 0 && sentenceAdverbs[f.lower] && k+1 < hi && toks[k+1].text != "," {
			k++ // "Then he cut into Bush, calling …": one word, no comma
			continue
		}
		if f.kind != tkWord || subjectPronouns[f.lower] && !d.frontedTime(k, hi) || !(stopwords[f.lower] || timeWords[f.lower] || frontedOpeners[f.lower] || isAdverb(f.lower) || strings.HasSuffix(f.lower, "ing") && !f.capitalized() || (strings.HasSuffix(f.lower, "ing") || strings.HasSuffix(f.lower, "ed")) && k == lo || d.frontedTime(k, hi)) {
			break
		}
		next := -1
		for m := k; m < hi && m < k+14; m++ {
			if sg := toks[m].seg; sg >= 0 {
				if !d.titleQuote(sg) {
					break
				}
				if d.segs[sg].close == m && toks[m-1].text == "," {
					next = m + 1 // "Speaking on ABC’s “This Week,” Carson admitted …"
					break
				}
				continue
			}
			if toks[m].text == "," {
				next = m + 1
				break
			}
		}
		if next < 0 {
			break
		}
		// a place named with its state or country inside the adverbial:
		// "At a rally in Portsmouth, N.H., on Tuesday, Sanders …"
		for next+1 < hi && toks[next].capitalized() && toks[next].seg < 0 && next-1 > lo && toks[next-2].capitalized() {
			na, nb, ok := d.npAfter(next, hi)
			if !ok || nb >= hi-1 || toks[nb].text != "," || nb-na > 3 || !placeFollows(toks, nb+1) && !d.isPlace(na, nb) {
				break
			}
			next = nb + 1
		}
		k = next
	}
	for k < hi && toks[k].kind == tkWord && (toks[k].lower == "but" || toks[k].lower == "and" || toks[k].lower == "so") {
		k++
	}
	return d.npAfter(k, hi)
}

// isPlace reports whether tokens [s, e) name a place: a US state in AP
// style ("Tex.", "N.H.") or a mention of a place entity.
func (d *doc) isPlace(s, e int) bool {
	if e-s == 1 && stateAbbrevs[d.toks[s].lower] {
		return true
	}
	a, b := d.toks[s].s, d.toks[e-1].e
	for _, en := range d.ents {
		if en.Type != schema.TypePlace {
			continue
		}
		for _, m := range en.Mentions {
			if m.Start < b && m.End > a {
				return true
			}
		}
	}
	return false
}

// stateAbbrevs are the AP abbreviations of US states that follow a city
// ("Beaumont, Tex.,"), lower-cased.
var stateAbbrevs = set("ala.", "ariz.", "ark.", "calif.", "colo.", "conn.", "del.", "fla.", "ga.", "ill.", "ind.",
	"kan.", "ky.", "la.", "md.", "mass.", "mich.", "minn.", "miss.", "mo.", "mont.", "neb.", "nev.", "n.h.",
	"n.j.", "n.m.", "n.y.", "n.c.", "n.d.", "okla.", "ore.", "pa.", "r.i.", "s.c.", "s.d.", "tenn.", "tex.",
	"va.", "vt.", "wash.", "w.va.", "wis.", "wyo.")

// sentenceAdverbs may open a clause without a comma after them ("Then he
// cut into Bush").
var sentenceAdverbs = set("then", "now", "still", "also", "yet", "so", "instead", "indeed", "perhaps", "maybe",
	"again", "later", "earlier", "soon", "finally", "meanwhile", "thus")

// placeFollows reports whether token k, after "Portsmouth, N.H.,", goes
// on with the adverbial (a preposition or time word) rather than the
// subject.
func placeFollows(toks []tok, k int) bool {
	t := toks[k]
	return t.kind == tkWord && t.seg < 0 && (adjunctPreps[t.lower] || t.lower == "on" || t.lower == "at" || t.lower == "after" || timeWords[t.lower] && t.lower != "this")
}

// frontedTime reports whether the clause at k opens with a measure of time
// before a preposition or adverb of time ("Two weeks after the vote, …",
// "A few days later, …", "Hours before the debate, …"), which is not its
// subject.
func (d *doc) frontedTime(k, hi int) bool {
	toks := d.toks
	for m := k; m < hi-1 && m < k+4; m++ {
		t := toks[m]
		if t.kind != tkWord || t.seg >= 0 {
			return false
		}
		if timeUnits[t.lower] {
			return timeRelators[toks[m+1].lower] && toks[m+1].seg < 0
		}
	}
	return false
}

var (
	timeUnits    = set("minutes", "hours", "days", "weeks", "months", "years", "decades", "moments", "nights", "minute", "hour", "day", "week", "month", "year", "decade", "moment", "night")
	timeRelators = set("after", "before", "later", "earlier", "ago", "into", "since", "prior")
)

// appositionNoun reports whether the lowercase word at token i can open an
// apposition ("Fred Kagan, director of …, said"): not a function word, an
// adverb, a participle or a cue.
func appositionNoun(d *doc, i int) bool {
	l := d.toks[i].lower
	if stopwords[l] || auxAdverbs[l] || isAdverb(l) || strings.HasSuffix(l, "ing") || strings.HasSuffix(l, "ed") {
		return false
	}
	_, cue := d.lx.match(d.toks, i)
	return !cue
}

// nounHead reports whether the cue word at token j is a noun here: a
// name inside a sentence ("The Islamic State said") or a word after a
// determiner, a possessive or "of" ("the secretary of state said").
func (d *doc) nounHead(lo, j int) bool {
	t := d.toks[j]
	if t.capitalized() && j > lo {
		return true
	}
	if j == lo {
		return false
	}
	p := d.toks[j-1]
	return p.kind == tkWord && p.seg < 0 && (determiners[p.lower] && p.lower != "that" || isPossessive(p) || p.lower == "of")
}

// timeAdjunct reports whether token j belongs to a time adjunct between a
// speaker and the cue: "Smith on Monday said", "Gowdy earlier Thursday
// said", "Spicer on Thursday evening said", "voters last year said".
func (d *doc) timeAdjunct(j int) bool {
	toks := d.toks
	l := toks[j].lower
	prev := func(k int) string {
		if k < 0 {
			return ""
		}
		return toks[k].lower
	}
	next := func(k int) string {
		if k >= len(toks) {
			return ""
		}
		return toks[k].lower
	}
	switch {
	case weekdays[l]:
		return true
	case dayParts[l]: // Thursday evening, last night
		return weekdays[prev(j-1)] || prev(j-1) == "last" || prev(j-1) == "this"
	case periodNouns[l]: // last year, this week
		return prev(j-1) == "last" || prev(j-1) == "this"
	case l == "on" || l == "last" || l == "earlier" || l == "this":
		n := next(j + 1)
		return weekdays[n] || dayParts[n] && l != "on" || periodNouns[n] && l != "on" && l != "earlier"
	}
	return false
}

// dayParts and periodNouns make time adjuncts with a weekday or last/this.
var (
	dayParts    = set("morning", "afternoon", "evening", "night")
	periodNouns = set("week", "month", "year", "weekend", "fall", "spring", "summer", "winter")
)

// clauseBetween reports whether tokens [lo, hi) hold a finite verb outside
// a relative clause, so that they are a clause and not an apposition
// ("…, some of its functions would be performed by others, said DeSantis").
func (d *doc) clauseBetween(lo, hi int) bool {
	for k := lo; k < hi; k++ {
		l := d.toks[k].lower
		if relativePronouns[l] || l == "whose" {
			return false
		}
		if clauseVerbs[l] {
			return true
		}
	}
	return false
}

// insertionOpeners start an adverbial insertion between a speaker and the
// cue ("Murphy, though, said").
var insertionOpeners = set("though", "however", "too", "meanwhile", "in", "on", "at", "for", "during", "after",
	"before", "speaking", "writing", "like", "unlike", "instead", "nevertheless", "moreover", "also", "again",
	"similarly", "likewise", "meantime", "separately", "by", "then", "once", "now", "later", "earlier", "still",
	"nonetheless", "therefore", "thus", "perhaps", "of", "through", "via", "with", "under", "amid", "despite", "unlike")

// participleInsertion reports whether token i opens a participial
// insertion between a speaker and the cue ("John Archer, wearing a
// Canova T-shirt, said"): a lower-case -ing word that is not a cue.
func (d *doc) participleInsertion(i int) bool {
	t := d.toks[i]
	if t.kind != tkWord || t.capitalized() || !strings.HasSuffix(t.lower, "ing") || len(t.lower) < 5 {
		return false
	}
	_, cue := d.lx.match(d.toks, i)
	return !cue
}

// numberWords count speakers in "six in 10 say".
var numberWords = set("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")

// invertedAfter reports whether a speaker noun phrase follows the cue at
// token i, as in "…, forcing her to fend off Sanders, said Brad Bannon"
// or "said lobbyist Charlie Black" (not a pronoun starting the reported
// clause, not a time adjunct).
func (d *doc) invertedAfter(i int) bool {
	toks := d.toks
	hi := min(len(toks), i+14)
	if i+1 >= hi {
		return false
	}
	n := toks[i+1]
	if n.kind != tkWord || subjectPronouns[n.lower] || timeWords[n.lower] || weekdays[n.lower] || n.lower == "that" {
		return false
	}
	na, nb, ok := d.npAfter(i+1, hi)
	if !ok || na != i+1 || nb >= len(toks) {
		return ok && na == i+1
	}
	// the speaker ends the sentence or an apposition follows; an object
	// goes on ("asked the crowd “…”", "called Trump a “blowhard”")
	e := toks[nb]
	return e.seg < 0 && e.kind == tkPunct && (e.text == "," || isTerminal(e))
}

// frontedOpeners start a fronted adverbial before the subject of a clause
// ("Inside the hotel conference center, Trump …", "Shortly after the
// announcement, the families …"), besides function words and -ly adverbs.
var frontedOpeners = set("inside", "outside", "beyond", "soon", "amid", "despite", "absent", "among", "across",
	"against", "behind", "throughout", "following", "overall", "separately", "elsewhere", "meanwhile", "still",
	"instead", "nationally", "locally", "asked", "pressed", "speaking", "writing", "back", "therefore", "thus",
	"moreover", "furthermore", "nonetheless", "nevertheless", "likewise", "similarly", "ultimately", "finally",
	"again", "otherwise", "afterward", "afterwards", "eventually", "lately", "recently", "previously")

// catenatives are verbs that introduce a cue through "to" or "by" ("went
// on to say", "began by saying", "continued to insist"), by their last
// word before the particle.
var catenatives = map[string]string{
	"on": "to", "continued": "to", "continues": "to", "continue": "to", "proceeded": "to", "proceeds": "to",
	"began": "by", "begins": "by", "begin": "by", "started": "by", "starts": "by", "opened": "by",
	"opens": "by", "ended": "by", "ends": "by", "closed": "by", "closes": "by", "concluded": "by",
	"responded": "by", "responds": "by", "seem": "to", "seems": "to", "seemed": "to", "appear": "to",
	"appears": "to", "appeared": "to",
}

// goForms may precede "on to" ("went on to say").
var goForms = set("go", "goes", "went", "gone", "going")

// catenativeStart returns where the verb chain that introduces the cue at
// token ci begins ("went on to say": the index of "went"; "took to
// Twitter to write": the index of "took"), or ci when there is none.
func (d *doc) catenativeStart(lo, ci int) int {
	toks := d.toks
	if ci-2 < lo {
		return ci
	}
	p, v := toks[ci-1], toks[ci-2]
	if p.kind != tkWord || v.kind != tkWord || p.seg >= 0 || v.seg >= 0 {
		return ci
	}
	if part, ok := catenatives[v.lower]; ok && p.lower == part {
		if v.lower != "on" {
			return ci - 2
		}
		if ci-3 >= lo && goForms[toks[ci-3].lower] {
			return ci - 3
		}
		return ci
	}
	// "took to Twitter to write", "took to Facebook to say"
	if p.lower == "to" && ci-4 >= lo && v.capitalized() && toks[ci-3].lower == "to" && (toks[ci-4].lower == "took" || toks[ci-4].lower == "takes" || toks[ci-4].lower == "take") {
		return ci - 4
	}
	return ci
}
