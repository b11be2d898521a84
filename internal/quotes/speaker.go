package quotes

import (
	"bytes"
	"cmp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsfind/newsfind/internal/gazetteer"
	"github.com/newsfind/newsfind/internal/names"
	"github.com/newsfind/newsfind/schema"
)

// entMention is one entity mention, for lookups by offset.
type entMention struct {
	s, e int
	ent  int
}

// resolver holds the per-document lookups for speaker resolution.
type resolver struct {
	d        *doc
	mentions []entMention // sorted by start
	gender   []byte       // per entity: 'm', 'f', 0 or genderUnset (genderOf)
	segRange [][2]int     // inner ranges of quotations
	// ent is the entity the last canonical call resolved to (-1: none);
	// lastEnt and lastPara are the entity and paragraph of the previous
	// attribution's speaker.
	ent, lastEnt, lastPara int
	// lowerStart caches lowerStarts: 0 not worked out, 1 yes, -1 no.
	lowerStart int8
	// lowerWords holds the texts of the words the document writes in
	// lower case, for writtenLower; built once per document, when first
	// needed (lowerBuilt). Its keys share the text's memory: putDoc
	// clears it.
	lowerWords map[string]bool
	lowerBuilt bool
}

// newResolver sets up d.res, reusing its slices.
func (d *doc) newResolver() *resolver {
	r := &d.res
	clear(r.lowerWords)
	*r = resolver{d: d, mentions: r.mentions[:0], gender: append(r.gender[:0], make([]byte, len(d.ents))...), segRange: r.segRange[:0], lowerWords: r.lowerWords}
	n := len(d.rs)
	for ei, e := range d.ents {
		for _, m := range e.Mentions {
			if m.Start < 0 || m.End > n || m.End <= m.Start {
				continue
			}
			r.mentions = append(r.mentions, entMention{m.Start, m.End, ei})
		}
		if e.Type == schema.TypePerson {
			r.gender[ei] = genderUnset // found when a pronoun asks (genderOf)
		}
	}
	// the same pattern-defeating quicksort as sort.Slice, so mentions with
	// the same start keep the order they had
	slices.SortFunc(r.mentions, func(a, b entMention) int { return cmp.Compare(a.s, b.s) })
	for _, sg := range d.segs {
		r.segRange = append(r.segRange, [2]int{sg.s, sg.e})
	}
	return r
}

// genderUnset marks a person whose gender genderOf has not looked up yet.
const genderUnset = 1

// genderOf returns entityGender of entity i ('m', 'f' or 0), looked up
// once per document, when first needed.
func (r *resolver) genderOf(i int) byte {
	if r.gender[i] == genderUnset {
		r.gender[i] = entityGender(r.d.rs, r.d.ents[i])
	}
	return r.gender[i]
}

// entityGender infers a person's gender from a title before a mention
// (Mr., Mrs., Ms.) or from the first name.
func entityGender(rs []rune, e schema.Entity) byte {
	for _, m := range e.Mentions {
		if m.Start < 0 || m.End > len(rs) {
			continue
		}
		lo := m.Start - 5
		if lo < 0 {
			lo = 0
		}
		// before is strings.ToLower(string(rs[lo:m.Start])), low the
		// lower-case start of m.Text, in stack buffers
		var bb, lb [32]byte
		before := bb[:0]
		for _, r := range rs[lo:m.Start] {
			before = utf8.AppendRune(before, unicode.ToLower(r))
		}
		switch {
		case bytes.HasSuffix(before, []byte("mr. ")) || bytes.HasSuffix(before, []byte("mr ")):
			return 'm'
		case bytes.HasSuffix(before, []byte("mrs. ")) || bytes.HasSuffix(before, []byte("ms. ")) || bytes.HasSuffix(before, []byte("mrs ")) || bytes.HasSuffix(before, []byte("ms ")):
			return 'f'
		}
		low := lb[:0]
		for _, r := range m.Text {
			if len(low) >= 5 { // the longest prefix below
				break
			}
			low = utf8.AppendRune(low, unicode.ToLower(r))
		}
		switch {
		case bytes.HasPrefix(low, []byte("mr. ")) || bytes.HasPrefix(low, []byte("mr ")):
			return 'm'
		case bytes.HasPrefix(low, []byte("mrs. ")) || bytes.HasPrefix(low, []byte("ms. ")) || bytes.HasPrefix(low, []byte("mrs ")) || bytes.HasPrefix(low, []byte("ms ")):
			return 'f'
		}
	}
	// the first word of the name, lower-case
	name := firstField(e.Name)
	if name == "" {
		name = "x"
	}
	var fb [32]byte
	first := fb[:0]
	for _, r := range name {
		first = utf8.AppendRune(first, unicode.ToLower(r))
	}
	switch {
	case maleNames[string(first)]:
		return 'm'
	case femaleNames[string(first)]:
		return 'f'
	}
	return 0
}

func (r *resolver) inQuotation(s, e int) bool {
	for _, q := range r.segRange {
		if s >= q[0] && e <= q[1] {
			return true
		}
	}
	return false
}

// overlapping returns the entity whose mention overlaps [s, e) and ends
// last (the head of an English noun phrase is its last word), or -1.
func (r *resolver) overlapping(s, e int) int {
	best, bestEnd := -1, -1
	for _, m := range r.mentions {
		if m.s >= e {
			break
		}
		if m.e > s && m.e > bestEnd {
			best, bestEnd = m.ent, m.e
		}
	}
	return best
}

// orgBefore returns the organisation whose mention ends at the place
// mention that covers code point pos, with only spaces between ("Socialist
// Party USA"), or -1.
func (r *resolver) orgBefore(pos int) int {
	ps := -1
	for _, m := range r.mentions {
		if m.s <= pos && pos < m.e && r.d.ents[m.ent].Type == schema.TypePlace {
			ps = m.s
			break
		}
	}
	if ps < 0 {
		return -1
	}
	for _, m := range r.mentions {
		if m.s >= ps {
			break
		}
		if m.e < ps && r.d.ents[m.ent].Type == schema.TypeOrganization && onlySpaces(r.d.rs[m.e:ps]) {
			return m.ent
		}
	}
	return -1
}

// onlySpaces reports whether rs are all spaces or tabs (no line break).
func onlySpaces(rs []rune) bool {
	for _, c := range rs {
		if c != ' ' && c != '\t' && c != '\u00a0' {
			return false
		}
	}
	return true
}

// placePrepositions open the phrase that places a speaker ("of France").
var placePrepositions = set("of", "in", "from", "at")

// beforePlacePhrase finds p, the first preposition of placePrepositions in
// the speaker phrase toks[ts:te] (-1: none), and the person or
// organisation entity of the last mention in toks[ts:p] (-1: none).
func (r *resolver) beforePlacePhrase(ts, te int) (ent, p int) {
	toks := r.d.toks
	p = -1
	for k := ts + 1; k < te-1; k++ {
		if toks[k].seg < 0 && placePrepositions[toks[k].lower] {
			p = k
			break
		}
	}
	if p < 0 {
		return -1, -1
	}
	best := -1
	for _, m := range r.mentions {
		if m.s >= toks[p].s {
			break
		}
		if m.e > toks[ts].s && (r.d.ents[m.ent].Type == schema.TypePerson || r.d.ents[m.ent].Type == schema.TypeOrganization) {
			best = m.ent
		}
	}
	return best, p
}

// antecedent finds the nearest entity mention before pos that satisfies
// ok, skipping mentions inside quotations and inside [xs, xe).
func (r *resolver) antecedent(pos, xs, xe int, ok func(ent int) bool) int {
	i := sort.Search(len(r.mentions), func(i int) bool { return r.mentions[i].s >= pos })
	for k := i - 1; k >= 0; k-- {
		m := r.mentions[k]
		if m.e > pos || (m.s >= xs && m.e <= xe) || r.inQuotation(m.s, m.e) {
			continue
		}
		if pos-m.e > 3000 {
			break
		}
		if ok(m.ent) {
			return m.ent
		}
	}
	return -1
}

// orgNouns refer to the last organization (the agency said).
var orgNouns = set("agency", "company", "ministry", "department", "campaign", "newspaper", "group", "organization",
	"organisation", "committee", "firm", "network", "paper", "website", "office", "administration", "council",
	"party", "government", "bank", "union", "association", "foundation", "institute", "commission", "board",
	"corporation", "court", "team", "station", "magazine", "outlet", "publication", "service", "bureau", "club",
	"university", "center", "centre", "statement", "spokesman", "spokeswoman", "spokesperson", "agency's")

func (d *doc) resolveSpeakers() {
	if len(d.attrs) == 0 {
		return // nothing to resolve
	}
	r := d.newResolver()
	// attributions with their own speaker first, then inherited ones
	order := d.order[:0]
	for i := range d.attrs {
		if d.attrs[i].from < 0 {
			order = append(order, i)
		}
	}
	for i := range d.attrs {
		if d.attrs[i].from >= 0 {
			order = append(order, i)
		}
	}
	// own-speaker attributions in text order, so that a pronoun can prefer
	// the speaker of the attribution before it
	d.order = order
	slices.SortStableFunc(order, func(x, y int) int {
		ax, ay := &d.attrs[x], &d.attrs[y]
		if (ax.from >= 0) != (ay.from >= 0) {
			if ay.from >= 0 {
				return -1
			}
			return 1
		}
		return cmp.Compare(ax.cueS, ay.cueS)
	})
	// each attribution gets at most one mention: the array is not
	// reallocated while attributions point into it
	if cap(d.mentions) < len(d.attrs) {
		d.mentions = make([]schema.Mention, 0, len(d.attrs))
	}
	r.lastEnt, r.lastPara = -1, -1
	for _, i := range order {
		a := &d.attrs[i]
		if a.from >= 0 {
			src := &d.attrs[a.from]
			a.speaker = src.speaker
			a.mention = src.mention
			continue
		}
		if a.spkS < 0 || a.spkE <= a.spkS {
			continue
		}
		ms, me := d.toks[a.spkS].s, d.toks[a.spkE-1].e
		if a.rel >= 0 {
			ms, me = d.toks[a.rel].s, d.toks[a.rel].e
		}
		d.mentions = append(d.mentions, schema.Mention{Text: d.str(ms, me), Start: ms, End: me})
		a.mention = &d.mentions[len(d.mentions)-1]
		r.ent = -1
		a.speaker = r.canonical(a, a.spkS, a.spkE)
		if r.ent >= 0 {
			r.lastEnt, r.lastPara = r.ent, d.toks[a.spkS].para
		}
	}
}

// canonical resolves the speaker noun phrase at tokens [ts, te) of a.
func (r *resolver) canonical(a *attribution, ts, te int) string {
	d := r.d
	toks := d.toks
	for k := te - 2; k > ts; k-- {
		if toks[k].text == "," && toks[k].seg < 0 {
			ts = k + 1 // "the club's chairman, David Reed": the name in apposition
			break
		}
	}
	head := toks[te-1]
	ms := toks[ts].s
	ent := func(i int) string {
		if i >= 0 && r.bareOrg(i) {
			// "the Commission" tagged as an organisation of its own:
			// the full name said before, else nobody
			i = r.fullOrg(strings.ToLower(d.ents[i].Name), ms, a)
		}
		if i < 0 {
			return ""
		}
		r.ent = i
		return d.ents[i].Name
	}
	// lastSpeaker prefers the speaker of the attribution before this one,
	// in the same or the previous paragraph ("“…,” Smith said. … “…,” he
	// added."), over the nearest compatible mention.
	lastSpeaker := func(ok func(int) bool, fallback func() int) int {
		if r.lastEnt >= 0 && head.para-r.lastPara <= 1 && ok(r.lastEnt) {
			return r.lastEnt
		}
		return fallback()
	}
	isType := func(t string) func(int) bool {
		return func(i int) bool { return d.ents[i].Type == t }
	}
	if te-ts == 1 {
		w := head.lower
		if b := contractionBase(w); b != "" {
			w = b // "He's said …" is "he"
		}
		switch w {
		case "he", "she", "him", "her", "his":
			g := byte('m')
			if w == "she" || w == "her" {
				g = 'f'
			}
			compatible := func(i int) bool {
				if d.ents[i].Type != schema.TypePerson {
					return false
				}
				gi := r.genderOf(i)
				return gi == g || gi == 0
			}
			return ent(lastSpeaker(compatible, func() int { return r.antecedent(ms, a.s, a.e, compatible) }))
		case "it", "its":
			org := isType(schema.TypeOrganization)
			return ent(lastSpeaker(org, func() int { return r.antecedent(ms, a.s, a.e, org) }))
		case "who":
			return ent(r.antecedent(ms, a.s, a.e, isType(schema.TypePerson)))
		}
		if subjectPronouns[w] {
			return "" // "I'm saying that …": a first person, not a name
		}
	}
	if r.indefiniteMember(ts, te) {
		return "" // "one Republican said", "a New Hampshire Democrat": somebody of a group, unnamed
	}
	if r.partyModifier(ts, te) {
		if te-ts >= 3 && toks[ts].lower == "the" && toks[ts+1].capitalized() {
			// "the Texas Democrat told reporters": the person quoted
			// just before, as "the senator" is
			return ent(lastSpeaker(isType(schema.TypePerson), func() int { return -1 }))
		}
		return "" // "Tory claims", "the Democrat report": a party's adjective, no speaker's name
	}
	if name, ok := r.wrappedName(ts, te); ok {
		return name
	}
	if o := r.initialsOrg(ts, te); o >= 0 {
		return ent(o) // "S and P said", "S/P said", "S&P said": Standard and Poor's Corp
	}
	// the head word is part of an entity mention
	if e := r.overlapping(head.s, head.e); e >= 0 {
		if d.ents[e].Type == schema.TypePlace {
			if o := r.orgBefore(head.s); o >= 0 {
				return ent(o) // "Socialist Party USA", "Sony Europe": the place ends the organisation's name
			}
			// "Nicolas Sarkozy of France", "Canon Inc of Japan", "the
			// Centers for Disease Control in the United States": a place
			// after a preposition says where the speaker is from; the
			// person or organisation before it speaks.
			f, p := r.beforePlacePhrase(ts, te)
			if f >= 0 {
				return ent(f)
			}
			if p > ts && documentNouns[toks[p-1].lower] {
				return "" // "press reports in China", "a report from U.S.": nobody named
			}
		}
		return ent(e)
	}
	if head.capitalized() && isGroupNoun(head.lower) && !r.groupInName(ts, te-1) {
		// "Analysts said", "Officials say", "U.S. Officials said": a
		// generic group names nobody, whether a sentence start or a house
		// style capitalises it or not ("and analysts said", "U.S.
		// officials said"); a group noun may end a name, though
		// ("Salomon Brothers", "the Council of Ministers").
		return ""
	}
	if !head.capitalized() {
		// a nominal: "the agency", "the company"
		if orgNouns[head.lower] && determiners[toks[ts].lower] && (toks[ts].lower == "the" || toks[ts].lower == "its") {
			return ent(r.antecedent(ms, a.s, a.e, isType(schema.TypeOrganization)))
		}
		return ""
	}
	// A legal form alone ends a company name that text wrapped at a fixed
	// width broke over two lines ("Pioneer Communications Network\nInc
	// said") and the entity tagger missed: the name is the capitalised
	// words that end the line before.
	if te-ts == 1 && names.IsLegalForm(head.lower) {
		k := ts
		for k > 0 && toks[k-1].kind == tkWord && toks[k-1].capitalized() && toks[k-1].seg < 0 &&
			(toks[k-1].para == toks[k].para || toks[k-1].para == toks[k].para-1 && d.lineBreak(toks[k-1].e, toks[k].s)) {
			k--
		}
		if k == ts {
			return "" // no name before it
		}
		return properName(toks[k:te])
	}
	if orgNouns[head.lower] && (te-ts == 1 || te-ts == 2 && determiners[toks[ts].lower]) {
		// "The Commission said", "the Bank": a body named in full
		// before, else nobody (a head noun alone is no name)
		return ent(r.fullOrg(head.lower, ms, a))
	}
	if r.nationalityOnly(ts, te) {
		// "the Japanese think", "Canadian claims", "the British said", "a
		// Canadian said": a nationality word names a people or an unnamed
		// member of one, no speaker. "said the American" in a sports
		// report is a player named before, but neither the last speaker
		// nor the nearest person is reliably that player (the report
		// moves on to the next match, names the opponent last), so it
		// names nobody either.
		return ""
	}
	// a name the entity tagger missed: match the surname to a person
	last := trimPossessive(head.text)
	for _, e := range d.ents {
		if e.Type != schema.TypePerson {
			continue
		}
		if f, ok := lastField(e.Name); ok && f == last {
			return e.Name
		}
	}
	// One capitalised word that is no name in any position: a date, or a
	// word that opens a sentence ("Based on …,", "Back in 2018, … was
	// accused", "February's figures showed").
	if te-ts == 1 && notSpeakers[trimPossessive(head.lower)] {
		return ""
	}
	if te-ts == 1 && (r.writtenLower(head) || utf8.RuneCountInString(head.text) == 1) {
		// "Sales are expected to rise", "Official reports show", "Shelf
		// offering of ...", "NOTE: ...": a common word capitalised where
		// a sentence or a line starts, which the text also writes in
		// lower case; or one letter ("S and P" with no firm to match)
		return ""
	}
	for _, t := range toks[ts:te] {
		if names.IsPageLabel(t.lower) {
			return "" // "Hide Caption 9 of 24 Photos", "Advertisement Continue": page furniture kept in the text
		}
	}
	return properName(toks[ts:te])
}

// indefinites open a noun phrase for one unnamed member of a group.
var indefinites = set("a", "an", "one", "another")

// memberNouns are capitalised singular nouns for a member of a party,
// movement or nation beyond the singulars of properGroups.
var memberNouns = set("independent", "socialist", "libertarian", "moderate", "briton", "tory")

// indefiniteMember reports whether the speaker phrase toks[ts:te] names
// one unnamed member of a group, as a bare group noun does: an indefinite
// ("a", "one", "another") and a capitalised member noun at the end ("one
// Republican", "a senior Democrat", "an Iowa Republican", "An American").
// The same phrase lower-case ("one official", "a senior official") is a
// nominal and names nobody anyway.
func (r *resolver) indefiniteMember(ts, te int) bool {
	toks := r.d.toks
	return te-ts >= 2 && indefinites[toks[ts].lower] && isPartyMember(toks[te-1])
}

// isPartyMember reports whether t is a capitalised singular noun for one
// member of a party, movement or nation ("Republican", "Democrat",
// "Tory", "American").
func isPartyMember(t tok) bool {
	return t.capitalized() && t.seg < 0 && (properGroups[t.lower+"s"] || memberNouns[t.lower] || properGroups[strings.TrimSuffix(t.lower, "y")+"ies"])
}

// partyWords are the capitalised nouns for one member of a political
// party and the party adjectives ("Democrat", "Democratic", "Tory").
// Nations and movements ("American", "Independent") are left out: they
// end company and newspaper names ("Pan American", "The Independent").
var partyWords = set("democrat", "democratic", "republican", "tory", "conservative", "liberal", "progressive", "socialist")

// partyModifier reports whether the speaker phrase toks[ts:te] ends in a
// party's member noun or adjective that is no name on its own: "Tory"
// of "amid Tory claims", "Other Democratic plans", "the Illinois
// Democrat". A definite member alone ("The Republican said") keeps the
// party as its speaker. The party ("Republicans said") or a
// person ("Democratic Senator John Smith") names a speaker; a word that
// only describes one does not. A name the word ends ("John Tory") is an
// entity with more words than it.
func (r *resolver) partyModifier(ts, te int) bool {
	toks := r.d.toks
	head := toks[te-1]
	if !head.capitalized() || head.seg >= 0 || !partyWords[head.lower] {
		return false
	}
	if te-ts == 2 && toks[ts].lower == "the" && isPartyMember(head) {
		return false // "The Republican said": the party's member, named by the party
	}
	e := r.overlapping(head.s, head.e)
	return e < 0 || !strings.Contains(r.d.ents[e].Name, " ")
}

// groupInName reports whether the group noun at h ends a name that starts
// in toks[ts:h]. A plural of speakerNouns does after any capitalised word
// but a leading determiner ("Salomon Brothers"); a people group of
// roleNouns or groupNouns after a connector that follows a capitalised
// word ("the Council of Ministers", "Association of Securities Dealers")
// or two capitalised words that are no title or abbreviation ("Japan
// Motion Picture Producers"), not after one ("U.S. Officials", "Senior
// U.S. Officials", "A group of 16 Senators" are no names).
func (r *resolver) groupInName(ts, h int) bool {
	toks := r.d.toks
	people := roleNouns[toks[h].lower] || groupNouns[toks[h].lower]
	words := 0
	for k := ts; k < h; k++ {
		t := toks[k]
		if npConnectors[t.lower] && k > ts && toks[k-1].capitalized() && !(k-1 == ts && determiners[toks[k-1].lower]) {
			return true
		}
		if !t.capitalized() || k == ts && determiners[t.lower] {
			continue
		}
		if !people {
			return true
		}
		if !titleWords[t.lower] && !strings.Contains(t.text, ".") {
			words++
		}
	}
	return words >= 2
}

// bareOrg reports whether entity i is an organisation named by one word
// of orgNouns ("Commission", "Bank").
func (r *resolver) bareOrg(i int) bool {
	e := r.d.ents[i]
	return e.Type == schema.TypeOrganization && !strings.ContainsAny(strings.TrimSpace(e.Name), " \t\n") && orgNouns[strings.ToLower(e.Name)]
}

// fullOrg returns the organisation whose name has the word w ("european
// commission" for "commission") mentioned last before code point pos,
// outside a's content and quotations, or -1.
func (r *resolver) fullOrg(w string, pos int, a *attribution) int {
	return r.antecedent(pos, a.s, a.e, func(i int) bool {
		e := r.d.ents[i]
		if e.Type != schema.TypeOrganization || r.bareOrg(i) {
			return false
		}
		for _, f := range strings.Fields(e.Name) {
			if strings.EqualFold(trimPossessive(f), w) {
				return true
			}
		}
		return false
	})
}

// maxWrappedName bounds the words of a name rejoined across a line break.
const maxWrappedName = 8

// wrappedName rejoins a name that text wrapped at a fixed width broke
// over two lines ("The Federal National Mortgage\nAssociation said",
// "Kenner Parker Toys Inc's Parker\nBrothers said") when the speaker
// phrase toks[ts:te] is capitalised words that start the line and no
// entity mention spans the break: the name is the capitalised words (and
// connectors) that end the line before, then the phrase. It is an
// organisation's name when the article has one so written.
func (r *resolver) wrappedName(ts, te int) (string, bool) {
	d := r.d
	toks := d.toks
	if ts < 1 || te-ts > 3 {
		return "", false
	}
	prev := toks[ts-1]
	// nameWord: a capitalised word that may be part of a name
	nameWord := func(w tok) bool {
		return w.kind == tkWord && w.seg < 0 && w.capitalized() && !determiners[w.lower] && !stopwords[w.lower] && !notSpeakers[w.lower] &&
			!subordinators[w.lower] && !isPossessive(w) && !titleWords[w.lower] && !isAdverb(w.lower)
	}
	if !nameWord(prev) || strings.HasSuffix(prev.text, ".") && !isInitials(prev.text) || prev.para != toks[ts].para-1 || !d.wrap(prev.e, toks[ts].s) {
		return "", false
	}
	for k := ts; k < te; k++ {
		if t := toks[k]; t.kind != tkWord || t.seg >= 0 || !t.capitalized() && !npConnectors[t.lower] || determiners[t.lower] {
			return "", false
		}
	}
	for _, m := range r.mentions {
		if m.s >= toks[ts].s {
			break
		}
		if m.s <= prev.s && m.e >= toks[ts].e {
			return "", false // the tagger saw the whole name
		}
	}
	if e := r.overlapping(toks[te-1].s, toks[te-1].e); e >= 0 && strings.Count(d.ents[e].Name, " ") >= te-ts {
		return "", false // the entities joined the lines ("BP North America\nInc")
	}
	k := ts - 1
	for k > 0 && te-k < maxWrappedName && toks[k-1].para == prev.para && toks[k-1].kind == tkWord && toks[k-1].seg < 0 {
		w := toks[k-1]
		switch {
		case nameWord(w):
			k--
			continue
		case npConnectors[w.lower] && k-2 >= 0 && toks[k-2].para == prev.para && toks[k-2].capitalized() && !isPossessive(toks[k-2]) && !names.IsLegalForm(toks[k-2].lower) && !r.personAt(k-2):
			// "Savings and Loan\nAssociation", not "Standard Oil Co and BP
			// North America\nInc" nor "Investor David La Roche of North\nKingstown"
			k--
			continue
		}
		break
	}
	for k < ts && npConnectors[toks[k].lower] {
		k++
	}
	// the longest run of the words that ends the phrase and names an
	// entity ("Nigel Lawson" of "Chancellor of the Exchequer Nigel\nLawson")
	for s := k; s < te-1; s++ {
		if i := r.entityNamed(toks[s:te]); i >= 0 {
			r.ent = i
			return d.ents[i].Name, true
		}
	}
	if p := r.overlapping(prev.s, toks[te-1].e); p >= 0 && d.ents[p].Type == schema.TypePerson {
		// a person's name: the first name on the line before joins it
		// ("Paul\nVolcker"), a title or a department does not ("the
		// Exchequer Nigel\nLawson" names Lawson as usual)
		if te-ts == 1 && (maleNames[prev.lower] || femaleNames[prev.lower]) {
			return prev.text + " " + toks[ts].text, true
		}
		return "", false
	}
	ws := make([]string, 0, te-k)
	for _, t := range toks[k:te] {
		ws = append(ws, t.text)
	}
	return strings.Join(ws, " "), true
}

// personAt reports whether token k is in a person's mention.
func (r *resolver) personAt(k int) bool {
	t := r.d.toks[k]
	e := r.overlapping(t.s, t.e)
	return e >= 0 && r.d.ents[e].Type == schema.TypePerson
}

// isInitials reports whether w is initials with periods ("A.", "A.W.",
// "U.K."): a period after a word ("Inc.") may end a sentence, one after
// an initial does not.
func isInitials(w string) bool {
	letter := false // the last rune was a letter
	for _, c := range w {
		switch {
		case unicode.IsUpper(c) && !letter:
			letter = true
		case c == '.' && letter:
			letter = false
		default:
			return false
		}
	}
	return w != "" && !letter
}

// entityNamed returns the entity whose name is the words of ts, or -1.
func (r *resolver) entityNamed(ts []tok) int {
	for i, e := range r.d.ents {
		name := e.Name
		ok := true
		for j, t := range ts {
			if j > 0 {
				if !strings.HasPrefix(name, " ") {
					ok = false
					break
				}
				name = name[1:]
			}
			if !strings.HasPrefix(name, t.text) {
				ok = false
				break
			}
			name = name[len(t.text):]
		}
		if ok && name == "" {
			return i
		}
	}
	return -1
}

// maxInitials bounds the letters of a name written as its initials.
const maxInitials = 8

// initialsOrg returns the organisation whose name's initials the speaker
// phrase toks[ts:te] spells ("S and P", "S/P", "S&P", "AT&T" for "Standard
// and Poor's Corp", "American Telephone and Telegraph Co"), or -1: capital
// letters joined by "and", "&", "/" or "-" (the run may begin before ts:
// the phrase of "S/P said" is "P"), two or more of them, matching the
// initials of the name's words without function words and legal forms. A
// plain acronym ("IBM") is left to the entities.
func (r *resolver) initialsOrg(ts, te int) int {
	toks := r.d.toks
	// capitals: a token made of capital letters and joiners ("S", "S&P",
	// "AT&T")
	capitals := func(t tok) bool {
		if t.kind != tkWord || t.seg >= 0 || len(t.text) > maxInitials {
			return false
		}
		n := 0
		for _, c := range t.text {
			switch {
			case c >= 'A' && c <= 'Z':
				n++
			case c == '&' || c == '/':
			default:
				return false
			}
		}
		return n > 0
	}
	joiner := func(t tok) bool {
		return t.seg < 0 && (t.lower == "and" || t.text == "&" || t.text == "/" || t.text == "-")
	}
	k := te - 1
	if !capitals(toks[k]) {
		return -1
	}
	for k-2 >= 0 && joiner(toks[k-1]) && toks[k-1].para == toks[k].para && capitals(toks[k-2]) {
		k -= 2
	}
	if k > ts && !(k-1 == ts && determiners[toks[ts].lower]) {
		return -1
	}
	if k == te-1 && !strings.ContainsAny(toks[k].text, "&/") {
		return -1 // a plain acronym ("IBM", "PM"): the entities join those
	}
	var lb [maxInitials]byte
	letters := lb[:0]
	for _, t := range toks[k:te] {
		for _, c := range t.text {
			if c >= 'A' && c <= 'Z' {
				if len(letters) == maxInitials {
					return -1
				}
				letters = append(letters, byte(c))
			}
		}
	}
	if len(letters) < 2 {
		return -1
	}
	return r.orgWithInitials(string(letters))
}

// orgWithInitials returns the first organisation whose name's content
// words (no function words, legal forms or tokens that are not words)
// begin with the letters of initials, in order, or -1.
func (r *resolver) orgWithInitials(initials string) int {
	for i, e := range r.d.ents {
		if e.Type != schema.TypeOrganization {
			continue
		}
		n := 0
		ok := true
		for _, w := range strings.Fields(e.Name) {
			lw := strings.ToLower(trimPossessive(w))
			if npConnectors[lw] || lw == "the" || names.IsLegalForm(strings.TrimSuffix(lw, ".")) {
				continue
			}
			c, _ := utf8.DecodeRuneInString(w)
			if n >= len(initials) || unicode.ToUpper(c) != rune(initials[n]) {
				ok = false
				break
			}
			n++
		}
		if ok && n == len(initials) {
			return i
		}
	}
	return -1
}

// lastField returns the last of strings.Fields(s), false when there is none.
func lastField(s string) (string, bool) {
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	if s == "" {
		return "", false
	}
	if i := strings.LastIndexFunc(s, unicode.IsSpace); i >= 0 {
		_, n := utf8.DecodeRuneInString(s[i:])
		s = s[i+n:]
	}
	return s, true
}

// lineBreak reports whether the code points [s, e) are white space with one
// line break: a wrapped line, not a new paragraph.
func (d *doc) lineBreak(s, e int) bool {
	n := 0
	for _, r := range d.rs[s:e] {
		switch {
		case r == '\n':
			n++
		case !unicode.IsSpace(r):
			return false
		}
	}
	return n == 1
}

// wrap reports whether the code points [s, e) are one line break with no
// indentation after it: a line wrapped at a fixed width inside a sentence
// (an indented line opens a paragraph in wire copy).
func (d *doc) wrap(s, e int) bool {
	return d.lineBreak(s, e) && d.rs[e-1] == '\n'
}

// notSpeakers are words that, alone, never name a speaker (the months that
// are also names, April, May, June and August, are not among them: "May
// said" is Theresa May), among them the sentence openers "Asked if ...,
// he said" and "Official figures show", and the label "NOTE:" of a
// results table.
var notSpeakers = set("january", "february", "march", "july", "september",
	"october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday", "today", "yesterday", "tomorrow", "based", "back", "after", "before", "according", "during",
	"despite", "following", "first", "last", "then", "now", "later", "earlier", "also", "meanwhile", "however",
	"still", "yet", "since", "until", "when", "while", "if", "as", "but", "and", "or", "so", "because", "although",
	"this", "that", "these", "those", "there", "here", "what", "which", "one", "two", "three", "several", "many",
	"whatever", "whoever", "whenever", "wherever", "whichever", "unless", "once", "just", "even", "only",
	"asked", "note", "official")

// contractionBase is the word before an apostrophe ("i" of "i'm"), or "".
func contractionBase(w string) string {
	if i := strings.IndexAny(w, "'’"); i > 0 {
		return w[:i]
	}
	return ""
}

// properName returns the words of a capitalized noun phrase without
// leading determiners and titles, or "" when it is not a name.
func properName(ts []tok) string {
	for len(ts) > 0 && determiners[ts[0].lower] {
		ts = ts[1:]
	}
	k := 0
	for k < len(ts) && (titleAbbrevs[ts[k].lower] || titleWords[ts[k].lower]) {
		k++
	}
	if k < len(ts) {
		ts = ts[k:]
		switch ts[0].lower {
		case "of", "for", "and", "at", "&":
			if k > 0 {
				return "" // "Minister of Agriculture": a title and its portfolio, no name ("de" of "President de Gaulle" stays)
			}
		}
	}
	// lowercase modifiers before a name: "master of ceremonies Asab Tabchi"
	if m := len(ts); m > 1 && !ts[0].capitalized() && ts[m-1].capitalized() {
		k = m - 1
		for k > 0 && ts[k-1].capitalized() {
			k--
		}
		if k > 0 && ts[k-1].kind == tkWord && !npConnectors[ts[k-1].lower] && !isPossessive(ts[k-1]) {
			ts = ts[k:]
		}
	}
	if len(ts) == 0 || len(ts) > 5 {
		return ""
	}
	ws := make([]string, 0, 5)
	for _, t := range ts {
		if !t.capitalized() && !npConnectors[t.lower] {
			return ""
		}
		r := []rune(t.text)
		if len(r) == 1 && !unicode.IsLetter(r[0]) {
			return ""
		}
		ws = append(ws, t.text)
	}
	return strings.Join(ws, " ")
}

// titleWords precede names (President Obama, Sen. Cruz).
var titleWords = set("president", "senator", "sen.", "rep.", "representative", "gov.", "governor", "mayor",
	"secretary", "minister", "prime", "chancellor", "judge", "justice", "general", "gen.", "dr.", "prof.",
	"professor", "chairman", "chairwoman", "speaker", "leader", "former", "vice", "candidate", "nominee",
	"ambassador", "director", "commissioner", "attorney", "sheriff", "chief", "rev.", "pope", "king", "queen",
	"prince", "princess", "lord", "sir", "dame", "mr.", "mrs.", "ms.", "mr", "mrs", "ms", "press", "spokesman",
	"spokeswoman", "state", "house", "white", "democratic", "republican", "gop", "u.s.")

// writtenLower reports whether the text writes the word of t, which no
// entity covers, in lower case elsewhere ("Sales are expected …" and
// "first half sales"): a common word, no name. A text that opens some
// of its sentences in lower case writes names so too ("lusinchi said"):
// there it says nothing.
func (r *resolver) writtenLower(t tok) bool {
	if r.lowerStarts() {
		return false
	}
	if !r.lowerBuilt {
		r.lowerBuilt = true
		if r.lowerWords == nil {
			r.lowerWords = map[string]bool{}
		}
		for _, o := range r.d.toks {
			if o.kind == tkWord && !o.upper {
				r.lowerWords[o.text] = true
			}
		}
	}
	return r.lowerWords[trimPossessive(t.lower)]
}

// lowerStarts reports whether more than one in maxLowerStarts of the
// sentences that open with a word open with a lower-case one; it works
// it out once per document.
func (r *resolver) lowerStarts() bool {
	if r.lowerStart == 0 {
		d := r.d
		r.lowerStart = -1
		lower, n := 0, 0
		for _, st := range d.sents {
			if st.s < 0 || st.s >= len(d.toks) || d.toks[st.s].kind != tkWord {
				continue
			}
			n++
			if c, _ := utf8.DecodeRuneInString(d.toks[st.s].text); unicode.IsLower(c) {
				lower++
			}
		}
		if lower*maxLowerStarts > n {
			r.lowerStart = 1
		}
	}
	return r.lowerStart > 0
}

// maxLowerStarts: a text with more than one sentence in this many opening
// in lower case is (partly) written in lower case.
const maxLowerStarts = 20

// isNationality reports whether the word is a nationality or people word
// the embedded gazetteer knows ("Japanese", "Canadians", "British");
// false when the gazetteer cannot be loaded.
func isNationality(w string) bool {
	g, err := gazetteer.Default()
	if err != nil {
		return false
	}
	_, ok := g.Demonym(w)
	return ok
}

// nationalityOnly reports whether the speaker phrase toks[ts:te] is a
// capitalised nationality word, after determiners if any, and nothing
// else: "Japanese", "the British", "a Canadian".
func (r *resolver) nationalityOnly(ts, te int) bool {
	toks := r.d.toks
	for ts < te-1 && determiners[toks[ts].lower] {
		ts++
	}
	if te-ts != 1 || !toks[ts].capitalized() || toks[ts].seg >= 0 {
		return false
	}
	return isNationality(trimPossessive(toks[ts].text))
}
