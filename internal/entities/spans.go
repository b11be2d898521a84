package entities

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsfind/newsfind/internal/gazetteer"
	"github.com/newsfind/newsfind/internal/names"
	"github.com/newsfind/newsfind/internal/ner"
)

// maxNameRun bounds how far joinNames extends an organisation name.
const maxNameRun = 6

// orgConnectors join the words of an organisation name: "Bank of England",
// "Committee to Protect Journalists", "Council on Foreign Relations".
var orgConnectors = set("of", "for", "to", "on", "against")

// joinNames repairs organisation names the tagger split at a lower-case
// connector ("Global Coalition" ORG + "to" + "Counter ISIS" LOC): an ORG
// span followed by a connector and a run of capitalised words becomes one
// ORG span. The run must not start with a person, nor with a known place
// unless the connector is "of" after a head noun such as "Bank" ("Bank of
// England"), so "sent ISIS to Syria" and "Karlsruhe of Germany" stay
// apart. It never starts with a day or month ("TASS on Wednesday"). Spans
// must be sorted by Start.
func (d *doc) joinNames(spans []ner.Span) []ner.Span {
	out := make([]ner.Span, 0, len(spans))
	spanAt := map[int]int{} // token -> index in spans of the span starting there
	for i, sp := range spans {
		spanAt[sp.Start] = i
	}
	skipUntil := -1
	for _, sp := range spans {
		if sp.Start < skipUntil {
			continue
		}
		if n := len(out); sp.Type == "LOC" && n > 0 && d.demonymFront(out[n-1], sp) {
			// "Syrian" MISC + "Arab Republic" LOC: the country's own name
			for i := out[n-1].Start; i < sp.Start; i++ {
				d.covered[i] = true
			}
			out[n-1] = ner.Span{Type: "LOC", Start: out[n-1].Start, End: sp.End}
			continue
		}
		if sp.Type == "ORG" {
			if j, ok := d.possessiveAndName(out, sp); ok {
				// "Standard" + "and" + "Poor" + "'s": one firm
				if n := len(out); n > 0 && out[n-1].Start == sp.Start-2 {
					out = out[:n-1]
				}
				for i := sp.Start - 2; i < j; i++ {
					d.covered[i] = true
				}
				out = append(out, ner.Span{Type: "ORG", Start: sp.Start - 2, End: j})
				skipUntil = j
				continue
			}
		}
		if n := len(out); n > 0 && (d.portfolioPair(out[n-1], sp) || d.surnamePair(out[n-1], sp, spans)) {
			// "Finance" + "and" + "Economy Ministry": one ministry;
			// "Wagner" + "and" + "Brown", always together: a firm
			d.covered[sp.Start-1] = true
			out[n-1] = ner.Span{Type: "ORG", Start: out[n-1].Start, End: sp.End}
			continue
		}
		if sp.Type == "ORG" {
			if end := d.nameRun(spans, spanAt, sp.End); end > sp.End {
				sp.End = end
				skipUntil = end
			}
			sp.Start = d.andFront(sp, spans)
		}
		out = append(out, sp)
	}
	return out
}

// demonymFront reports whether misc, a MISC span right before the place
// span loc in the same sentence, starts the place's name: the two together
// are a place the gazetteer knows by its own name or an alternate one
// ("Syrian Arab Republic", "Czech Republic"), where the tagger took the
// first word for a nationality.
func (d *doc) demonymFront(misc, loc ner.Span) bool {
	if misc.Type != "MISC" || misc.End != loc.Start || misc.Start >= misc.End || d.sentOf[misc.Start] != d.sentOf[loc.Start] {
		return false
	}
	if d.toks[misc.End-1].EndByte+1 != d.toks[loc.Start].StartByte || d.text[d.toks[misc.End-1].EndByte] != ' ' {
		return false // one space between: not across a line or a hyphen
	}
	return d.knownPlace(d.mentionText(misc.Start, loc.End))
}

// possessiveAndName reports whether the ORG span sp, whose first word
// takes a possessive, and the one word two tokens before it with "and"
// or "&" between them are one firm named for its founders ("Standard and
// Poor's", "Standard and Poor's Corp"), and returns the end of the
// joined span. The word before is a one-word ORG or LOC span or a
// capitalised word in no span. When the possessive ends the span, what
// follows must be no noun it governs: punctuation, a capitalised word, a
// number, a function or cue word, or a verb in -ed or -s ("by Standard and
// Poor's.", "Standard and Poor's said", "Standard and Poor's rates it
// AA"); and neither word may be a name the text also gives alone
// (aloneElsewhere): "Chrysler and AMC's" are two firms.
func (d *doc) possessiveAndName(out []ner.Span, sp ner.Span) (int, bool) {
	w := sp.Start - 2
	if w < 0 || d.low[w+1] != "and" && d.low[w+1] != "&" || d.sentOf[w] != d.sentOf[sp.Start] {
		return 0, false
	}
	if n := len(out); n > 0 && out[n-1].End > w {
		if prev := out[n-1]; prev.Start != w || prev.End != w+1 || prev.Type != "ORG" && prev.Type != "LOC" {
			return 0, false
		}
	} else if t := d.texts[w]; d.covered[w] || !isCapitalised(t) || functionWords[d.low[w]] || timeWords[d.low[w]] || isRoleWord(t) || notNames[d.low[w]] {
		return 0, false
	}
	p := sp.Start + 1
	if p >= len(d.toks) || !isPossessive(d.texts[p]) || d.toks[p].StartByte != d.toks[sp.Start].EndByte {
		return 0, false
	}
	if !allLetters(d.texts[w]) {
		return 0, false
	}
	if a, b := d.texts[w], d.texts[sp.Start]; a == b || d.aloneElsewhere(a, b) {
		return 0, false
	}
	if c, ok := d.r.gaz.BestCandidate(gazetteer.Normalize(d.texts[w]), nil); ok && c.Kind == gazetteer.Country {
		return 0, false // "USA and Bennigan's": a country is no founder
	}
	if sp.End > p {
		return sp.End, true // "Poor's Corp" tagged whole
	}
	if p+1 == len(d.toks) || d.sentOf[p+1] != d.sentOf[p] {
		return p + 1, true
	}
	r, _ := utf8.DecodeRuneInString(d.texts[p+1])
	low := d.low[p+1]
	if !unicode.IsLower(r) || functionWords[low] || afterNameWords[low] || strings.HasSuffix(low, "ed") || strings.HasSuffix(low, "s") {
		return p + 1, true
	}
	return 0, false
}

// aloneElsewhere reports whether the text has word a or b anywhere but
// in "a and b" or "a & b": a firm named for two founders ("Standard and
// Poor's") is named by both words together, two firms are named apart
// as well.
func (d *doc) aloneElsewhere(a, b string) bool {
	for i, t := range d.texts {
		if t == a && (i+2 >= len(d.texts) || d.texts[i+2] != b || d.low[i+1] != "and" && d.low[i+1] != "&") {
			return true
		}
		if t == b && (i < 2 || d.texts[i-2] != a || d.low[i-1] != "and" && d.low[i-1] != "&") {
			return true
		}
	}
	return false
}

// afterNameWords are lower-case words that follow a subject or object
// name, not nouns a possessive governs.
var afterNameWords = set("said", "says", "say", "has", "had", "is", "was", "will", "would", "also", "and",
	"or", "with", "from", "by", "as", "that", "which", "who", "said.", "rated", "cut", "raised", "lowered",
	"downgraded", "upgraded", "affirmed", "placed", "assigned", "expects", "reported")

// andFront returns where an ORG span starts when the tagger left out a
// first name joined to it by "and" ("Standard" + "and" + ORG "Poor's
// Corp", "Procter and Gamble Co"): the span ends with a legal form or an
// organisation's head noun, and the word before "and" is one capitalised
// word of letters, no acronym, in no span (MISC included: "Xbox and
// PlayStation"), no place, day or role word, inside the sentence after a
// lower-case word or, at its start,
// before a name that ends with a legal form (not "Analysts and Acme Corp
// officials", whose first word may be a common noun: then it must not end
// in s). Spans are sorted by Start.
func (d *doc) andFront(sp ner.Span, spans []ner.Span) int {
	a, w := sp.Start-1, sp.Start-2
	if w < 0 || d.low[a] != "and" && d.low[a] != "&" || d.sentOf[w] != d.sentOf[sp.Start] || d.covered[w] {
		return sp.Start
	}
	for _, o := range spans {
		if o.Start > w {
			break
		}
		if o.End > w {
			return sp.Start
		}
	}
	t := d.toks[w].Text
	if !isCapitalised(t) || isPossessive(t) || timeWords[d.low[w]] || isRoleWord(t) || functionWords[d.low[w]] || notNames[d.low[w]] || names.IsLegalForm(d.low[w]) {
		return sp.Start
	}
	if !allLetters(t) {
		return sp.Start // "B-2 and Standard", "U2 and Coldplay"
	}
	if last := d.low[sp.End-1]; !names.IsLegalForm(last) && !orgSuffixes[last] || len(t) > 1 && isAcronym(t) {
		return sp.Start // "Conservatives and Liberal Democrats", "IMF and World Bank": two names
	}
	if _, place := d.r.gaz.BestKey(gazetteer.Normalize(t), nil); place {
		return sp.Start
	}
	if w == 0 || d.sentOf[w-1] != d.sentOf[w] || isPunct(d.toks[w-1].Text) {
		// the first word of a sentence or clause: capitalised anyway
		if !names.IsLegalForm(d.low[sp.End-1]) || strings.HasSuffix(d.low[w], "s") {
			return sp.Start
		}
	} else if isCapitalised(d.toks[w-1].Text) {
		return sp.Start // "Shell Oil and Acme Corp": two names, not one
	}
	return w
}

// nameRun returns the end of the connector + capitalised run starting at
// token c, or c when there is none.
func (d *doc) nameRun(spans []ner.Span, spanAt map[int]int, c int) int {
	if c+1 >= len(d.toks) || d.sentOf[c+1] != d.sentOf[c] {
		return c
	}
	conn := d.toks[c].Text
	if !orgConnectors[conn] || !isCapitalised(d.toks[c+1].Text) || timeWords[d.low[c+1]] {
		return c
	}
	// The first word after the connector: never a person; a known place
	// only after "of" and a head noun that takes one ("Bank of England",
	// not "Karlsruhe of Germany" or "Kia Motor Corp of South Korea").
	placeOK := conn == "of" && ofHeads[d.low[c-1]]
	if k, ok := spanAt[c+1]; ok {
		sp := spans[k]
		if sp.Type == "PER" {
			return c
		}
		norm := gazetteer.Normalize(d.mentionText(sp.Start, sp.End))
		if _, place := d.r.gaz.BestKey(norm, nil); place && !placeOK {
			return c
		}
	} else if d.covered[c+1] {
		return c // inside some other span
	} else if _, place := d.r.gaz.BestKey(gazetteer.Normalize(d.toks[c+1].Text), nil); place && !placeOK {
		return c
	}
	end := c + 1
	for end < len(d.toks) && end-c <= maxNameRun && d.sentOf[end] == d.sentOf[c] {
		w := d.toks[end].Text
		if k, ok := spanAt[end]; ok {
			if spans[k].Type == "PER" {
				break
			}
			end = spans[k].End
			continue
		}
		if isCapitalised(w) && !isPunct(w) {
			end++
			continue
		}
		// "Islamic State of Iraq and Syria": a function word inside the name.
		if (w == "of" || w == "and" || w == "the") && end+1 < len(d.toks) && isCapitalised(d.toks[end+1].Text) && end > c+1 {
			end++
			continue
		}
		break
	}
	// Never end on a function word.
	for end > c+1 && functionWords[d.low[end-1]] {
		end--
	}
	if end <= c+1 {
		return c
	}
	return end
}

// sortSpans orders spans by start, dropping invalid ones.
func sortSpans(spans []ner.Span, n int) []ner.Span {
	out := make([]ner.Span, 0, len(spans))
	for _, sp := range spans {
		if sp.Start >= 0 && sp.End <= n && sp.Start < sp.End {
			out = append(out, sp)
		}
	}
	slices.SortStableFunc(out, func(a, b ner.Span) int { return cmp.Compare(a.Start, b.Start) })
	return out
}

// ofHeads are organisation head nouns that take "of" + place: "Bank of
// England", "University of Texas", "Church of England".
var ofHeads = set("bank", "university", "college", "church", "council", "ministry", "department",
	"museum", "institute", "school", "government", "commission", "committee", "court", "board", "office",
	"association", "federation", "union", "party", "academy", "league", "chamber", "parliament",
	"assembly", "army", "navy", "police", "port", "authority", "agency", "service", "library",
	"hospital", "society", "fund", "foundation", "state", "coalition", "friends", "republic", "kingdom",
	"bureau", "centre", "center", "club", "corporation", "secretary", "house", "senate", "diocese")

// timeWords never start an organisation name ("TASS on Wednesday").
var timeWords = set("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
	"november", "december", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.",
	"oct.", "nov.", "dec.", "today", "tonight", "christmas", "easter")

// minSplitPopulation: a person span that starts with a place at least
// this big ("Koszalin Piotr Jedlinski") is the place and then the person.
const minSplitPopulation = 50000

// fixSpans repairs common tagger errors in spans sorted by Start:
//   - a person or place span holding a comma list is split at the commas
//     (place spans only when the whole is not a known place, so "Washington,
//     D.C." stays; organisations keep theirs: "Skadden, Arps");
//   - an ORG span that is a title before a person (ORG "Senate Minority
//     Leader", PER "Chuck Schumer") loses its role words, and one that
//     holds the person too ("FEMA Administrator Brock Long") is split;
//   - a place span the gazetteer does not know that is two places it knows
//     ("Indonesia Aceh") is split in two;
//   - a person span with a known place after a preposition ("Mayor of
//     Koszalin Piotr Jedlinski") is split into the place and the person.
func (d *doc) fixSpans(spans []ner.Span) []ner.Span {
	g := d.r.gaz
	out := make([]ner.Span, 0, len(spans))
	for i := range spans {
		spans[i] = d.trimSpan(spans[i])
		// "al Qaeda", "al Shabab": the article belongs to the name.
		if s := spans[i].Start; s > 0 && spans[i].Start < spans[i].End && (d.toks[s-1].Text == "al" || d.toks[s-1].Text == "el") && isCapitalised(d.toks[s].Text) {
			spans[i].Start--
		}
	}
	// "Osama" + "bin" + "Laden": a name particle between two spans joins
	// them into one person.
	for i := 0; i+1 < len(spans); i++ {
		a, b := spans[i], spans[i+1]
		if b.Type == "PER" && a.End < len(d.toks) && b.Start == a.End+1 && nameParticles[d.toks[a.End].Text] && a.End-a.Start <= 2 {
			spans[i] = ner.Span{Type: "PER", Start: a.Start, End: b.End}
			spans = append(spans[:i+1], spans[i+2:]...)
		}
	}
	for i, sp := range spans {
		if sp.Start >= sp.End {
			continue
		}
		// Split at commas.
		if (sp.Type == "PER" || sp.Type == "LOC") && d.hasComma(sp) {
			whole := gazetteer.Normalize(d.mentionText(sp.Start, sp.End))
			if _, known := g.BestKey(whole, nil); sp.Type != "LOC" || !known {
				s := sp.Start
				for k := sp.Start; k <= sp.End; k++ {
					if k == sp.End || d.toks[k].Text == "," {
						if k > s {
							out = append(out, ner.Span{Type: sp.Type, Start: s, End: k})
						}
						s = k + 1
					}
				}
				continue
			}
		}
		// Two places run together ("Indonesia Aceh").
		if sp.Type == "LOC" && sp.End-sp.Start >= 2 {
			if k := d.placeSplit(sp); k > 0 {
				out = append(out, ner.Span{Type: "LOC", Start: sp.Start, End: k}, ner.Span{Type: "LOC", Start: k, End: sp.End})
				continue
			}
		}
		// Title tagged as an organisation right before a person ("Senate
		// Minority Leader Chuck Schumer", "the Senate Minority Leader, Chuck
		// Schumer,").
		if sp.Type == "ORG" && i+1 < len(spans) && spans[i+1].Type == "PER" &&
			(spans[i+1].Start == sp.End || (spans[i+1].Start == sp.End+1 && d.toks[sp.End].Text == ",")) {
			e := sp.End
			for e > sp.Start && d.isRole(e-1) {
				e--
			}
			if e == sp.Start {
				continue
			}
			sp.End = e
		}
		// A title and a person inside an organisation span ("Federal
		// Emergency Management Agency Administrator Brock Long").
		if sp.Type == "ORG" {
			if d.onlyRoleWords(sp) {
				continue // "a new National Security Advisor": a position, not an organisation
			}
			if k := d.titleInside(sp); k > 0 {
				out = append(out, ner.Span{Type: "ORG", Start: sp.Start, End: k}, ner.Span{Type: "PER", Start: k + 1, End: sp.End})
				continue
			}
			// "Taoiseach Leo Varadkar": a title and a person, no organisation.
			if w := d.toks[sp.Start].Text; inLower(personTitles, w) && isCapitalised(w) && sp.End-sp.Start >= 3 && d.allNameWords(sp.Start+1, sp.End) {
				sp = ner.Span{Type: "PER", Start: sp.Start + 1, End: sp.End}
			}
		}
		// Place glued to the front of a person: "Mayor of Koszalin Piotr
		// Jedlinski", "(mayor) of Koszalin Piotr Jedlinski", not "George W.
		// Bush".
		if sp.Type == "PER" || sp.Type == "ORG" {
			p := sp.Start
			for p < sp.End && (d.isRole(p) || honorifics[d.low[p]]) {
				p++
			}
			if p < sp.End && placePrepositions[d.toks[p].Text] {
				p++
			}
			if p > 0 && p+2 < sp.End && placePrepositions[d.toks[p-1].Text] && isCapitalised(d.toks[p+1].Text) &&
				!strings.HasSuffix(d.toks[p+1].Text, ".") {
				if c, ok := g.BestCandidate(gazetteer.Normalize(d.toks[p].Text), nil); ok && !c.Alias &&
					(c.Kind == gazetteer.Country || c.Population >= minSplitPopulation) &&
					(sp.Type == "PER" || d.allNameWords(p+1, sp.End)) {
					// "(First Minister of) Scotland Nicola Sturgeon" tagged ORG
					// is a place and a person too.
					out = append(out, ner.Span{Type: "LOC", Start: p, End: p + 1})
					sp = ner.Span{Type: "PER", Start: p + 1, End: sp.End}
				}
			}
		}
		out = append(out, sp)
	}
	return out
}

// onlyRoleWords reports whether every word of the span is a role word and
// one is a role head.
func (d *doc) onlyRoleWords(sp ner.Span) bool {
	head := false
	for k := sp.Start; k < sp.End; k++ {
		if !d.isRole(k) {
			return false
		}
		head = head || roleHeads[d.low[k]]
	}
	return head
}

// allNameWords reports whether tokens [s, e) are capitalised words that are
// not role words, as in a person's name.
func (d *doc) allNameWords(s, e int) bool {
	for k := s; k < e; k++ {
		w := d.toks[k].Text
		if !isCapitalised(w) || isRoleWord(w) || isPunct(w) {
			return false
		}
	}
	return s < e
}

// titleInside returns the index of a capitalised role head inside an ORG
// span that has an organisation before it and two or more capitalised
// words (a person) after it, or 0.
func (d *doc) titleInside(sp ner.Span) int {
	for k := sp.Start + 1; k < sp.End-2; k++ {
		w := d.toks[k].Text
		if !roleHeads[d.low[k]] || !isCapitalised(w) {
			continue
		}
		if !d.allNameWords(k+1, sp.End) {
			return 0
		}
		return k
	}
	return 0
}

// placeSplit returns the token where a place span that the gazetteer does
// not know splits into two places it knows, or 0.
func (d *doc) placeSplit(sp ner.Span) int {
	g := d.r.gaz
	if _, ok := g.BestKey(gazetteer.Normalize(d.mentionText(sp.Start, sp.End)), nil); ok {
		return 0
	}
	if placeQualifiers[d.low[sp.Start]] {
		return 0 // "South China", "Central Jakarta"
	}
	for k := sp.Start + 1; k < sp.End; k++ {
		if d.namedPlace(sp.Start, k) && d.namedPlace(k, sp.End) {
			return k
		}
	}
	return 0
}

// namedPlace reports whether tokens [s, e) are the own name of a country,
// region or first-level division, or of a city of at least 100,000 people.
func (d *doc) namedPlace(s, e int) bool {
	c, ok := d.r.gaz.BestCandidate(gazetteer.Normalize(d.mentionText(s, e)), nil)
	return ok && !c.Alias && (c.Kind != gazetteer.City || c.Population >= 100000)
}

// placeQualifiers start place names that are not two places ("South China").
var placeQualifiers = set("north", "south", "east", "west", "northern", "southern", "eastern", "western",
	"central", "upper", "lower", "new", "greater", "inner", "outer", "northeast", "northwest", "southeast",
	"southwest", "mid", "middle", "old", "great", "little", "san", "santa", "saint", "st", "st.", "el", "la", "los", "las")

func (d *doc) hasComma(sp ner.Span) bool { return d.hasToken(sp.Start, sp.End, ",") }

// hasToken reports whether a token in [s, e) is w.
func (d *doc) hasToken(s, e int, w string) bool {
	for k := s; k < e; k++ {
		if d.toks[k].Text == w {
			return true
		}
	}
	return false
}

// placePrepositions introduce a place before a name ("mayor of Koszalin").
var placePrepositions = set("of", "in", "from", "at")

// trimSpan drops punctuation and lower-case function words ("the", "of")
// at the edges of a span, and an unclosed bracket with what follows it
// ("Buducnost ( V"). A capitalised "The" and a possessive stay, except a
// person's possessive: the tagger includes them when they are part of the
// name ("The Hague", "Lord 's").
func (d *doc) trimSpan(sp ner.Span) ner.Span {
	s, e := sp.Start, sp.End
	for s < e && (isPunct(d.toks[s].Text) || edgeWords[d.toks[s].Text]) {
		s++
	}
	for k := s; k < e; k++ {
		if d.toks[k].Text == "(" {
			closed := false
			for j := k + 1; j < e; j++ {
				closed = closed || d.toks[j].Text == ")"
			}
			if !closed {
				e = k
			}
			break
		}
	}
	for e > s && ((isPunct(d.toks[e-1].Text) && !isPossessive(d.toks[e-1].Text) && !(d.toks[e-1].Text == ")" && d.hasToken(s, e, "("))) ||
		edgeWords[d.toks[e-1].Text] ||
		(sp.Type == "PER" && isPossessive(d.toks[e-1].Text))) {
		e--
	}
	sp.Start, sp.End = s, e
	return sp
}

// surnamePair reports whether a and b, one-word person spans with "and"
// or "&" between them in one sentence, are a firm or partnership named for
// two people ("Wagner and Brown", "Kahn and Harris"): neither word is
// anywhere else in the text (aloneElsewhere: not in a full name, not
// alone, not with a title), and the text gives the pair together at least
// minPairTimes times, or once in a ticker's angle brackets ("<Wagner and
// Brown>") or in a list with an organisation ("AFG and Wagner and Brown",
// "Wagner and Brown and AFG Industries"). Two people mentioned by surname
// alone are named in full somewhere, or alone ("goals from Lampard and
// Terry" in a report that names them once is left alone).
func (d *doc) surnamePair(a, b ner.Span, spans []ner.Span) bool {
	if a.Type != "PER" || b.Type != "PER" || a.End-a.Start != 1 || b.End-b.Start != 1 || b.Start != a.End+1 {
		return false
	}
	if l := d.low[a.End]; l != "and" && l != "&" || d.sentOf[a.Start] != d.sentOf[b.Start] {
		return false
	}
	x, y := d.texts[a.Start], d.texts[b.Start]
	if x == y || !isCapitalised(x) || !isCapitalised(y) || d.titled(a.Start) {
		return false
	}
	if !allLetters(x) || !allLetters(y) {
		return false
	}
	if d.aloneElsewhere(x, y) {
		return false
	}
	n := 0
	for i := 0; i+2 < len(d.texts); i++ {
		if d.texts[i] == x && d.texts[i+2] == y {
			n++
		}
	}
	if n >= minPairTimes {
		return true
	}
	if a.Start > 0 && b.End < len(d.texts) && d.texts[a.Start-1] == "<" && d.texts[b.End] == ">" {
		return true
	}
	for _, o := range spans {
		if o.Type != "ORG" {
			continue
		}
		if o.End == a.Start-1 && a.Start >= 2 && (d.low[a.Start-1] == "and" || d.low[a.Start-1] == "&") ||
			o.Start == b.End+1 && b.End+1 < len(d.texts) && (d.low[b.End] == "and" || d.low[b.End] == "&") {
			return true
		}
	}
	return false
}

// minPairTimes is how often a pair of surnames must be given together
// to be taken for a firm (surnamePair).
const minPairTimes = 2

// portfolioPair reports whether a, a one-word span of a portfolio, and
// the ORG span b after "and" that starts with another portfolio and ends
// with "Ministry" or "Department" are one ministry of two portfolios ("the
// Finance and Economy Ministry", "the Finance and Planning Ministry").
func (d *doc) portfolioPair(a, b ner.Span) bool {
	if a.End-a.Start != 1 || b.Type != "ORG" || b.Start != a.End+1 || b.End-b.Start < 2 || d.low[a.End] != "and" {
		return false
	}
	if a.Type != "ORG" && a.Type != "MISC" || !portfolios[d.low[a.Start]] || !portfolios[d.low[b.Start]] || d.sentOf[a.Start] != d.sentOf[b.Start] {
		return false
	}
	switch d.low[b.End-1] {
	case "ministry", "department":
		return true
	}
	return false
}

// allLetters reports whether every rune of w is a letter (true for "").
func allLetters(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}
