package entities

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsfind/newsfind/internal/gazetteer"
	"github.com/newsfind/newsfind/schema"
)

// maxRoleWords bounds a role phrase ("Deputy Foreign Minister", "Secretary
// of State"); longer runs of capitalised words are not a title.
const maxRoleWords = 5

// roleTie is a role the text ties to a person at tokens [s, e).
type roleTie struct {
	phrase string
	words  []string // lower case
	person *cluster
	s, e   int
}

// stripTitles drops leading honorifics and role words ("President Barack
// Obama" -> "Barack Obama", "Mr. Earnest" -> "Earnest", "Maryland
// Congressman John Delaney" -> "John Delaney", "Watch Elizabeth Warren" ->
// "Elizabeth Warren"), keeping at least one word.
func stripTitles(words []string) []string {
	var buf [maxListWord]byte
	i := 0
	for i < len(words)-1 {
		w := appendLower(buf[:0], words[i])
		if honorifics[string(w)] || roleHeads[string(w)] || roleModifiers[string(w)] || formerRole[string(w)] || leadingJunk[string(w)] {
			i++
			continue
		}
		break
	}
	// A title after a qualifier ("Maryland Congressman"): cut after it.
	for j := len(words) - 2; j > i; j-- {
		w := appendLower(buf[:0], words[j])
		if roleHeads[string(w)] || honorifics[string(w)] {
			return words[j+1:]
		}
	}
	return words[i:]
}

// surname is the last name word, skipping suffixes ("Jr.").
func surname(words []string) string {
	for i := len(words) - 1; i > 0; i-- {
		if len(words[i]) > 4 || !inLower(nameSuffixes, words[i]) {
			return words[i]
		}
	}
	return words[0]
}

// isRole is isRoleWord for token i.
func (d *doc) isRole(i int) bool { return roleHeads[d.low[i]] || roleModifiers[d.low[i]] }

func isRoleWord(w string) bool {
	var buf [maxListWord]byte
	b := appendLower(buf[:0], w)
	return roleHeads[string(b)] || roleModifiers[string(b)]
}

// sameName reports whether two full names (two or more words each) name one
// person: the same surname and the same or an abbreviated first name
// ("George W. Bush" and "George Bush"; "J. Smith" and "John Smith").
func sameName(a, b []string) bool {
	if !sameWord(surname(a), surname(b)) {
		return false
	}
	fa, fb := strings.TrimSuffix(a[0], "."), strings.TrimSuffix(b[0], ".")
	if sameWord(fa, fb) {
		return true
	}
	ra, _ := utf8.DecodeRuneInString(fa)
	rb, _ := utf8.DecodeRuneInString(fb)
	return ra == rb && (utf8.RuneCountInString(fa) == 1 || utf8.RuneCountInString(fb) == 1)
}

// sameWord reports whether two name words are one, accents aside
// ("Erdoğan" and "Erdogan"), and case aside when one is in capitals (the
// headline's "REAGAN" is "Reagan").
func sameWord(a, b string) bool {
	if a == b {
		return true
	}
	if isASCII(a) && isASCII(b) {
		return (isAllCaps(a) || isAllCaps(b)) && strings.EqualFold(a, b)
	}
	return gazetteer.Normalize(a) == gazetteer.Normalize(b)
}

// betterName reports whether a person's name words (and its text) make a
// better canonical name than the cluster's current one: a name in mixed
// case beats one in capitals (a headline's "RONALD REAGAN"), then more
// words, then the longer text.
func betterName(words []string, text string, c *cluster) bool {
	if c.name == "" {
		return true
	}
	if caps, ccaps := isAllCaps(text), isAllCaps(c.name); caps != ccaps {
		return ccaps
	}
	return len(words) > len(c.words) || (len(words) == len(c.words) && len(text) > len(c.name))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// resolvePersons groups the person mentions. Full names (two or more words
// after titles) group by sameName; the canonical name is the longest one. A
// single word joins the person whose surname (or else first name) it is,
// preferring one not introduced as somebody's relative (relatives), then
// the one mentioned most recently before it. Role ties found
// around the mentions then add role-noun mentions ("the President").
func (d *doc) resolvePersons(ms []*mention) ([]*cluster, []roleTie) {
	var persons []*cluster
	var singles []*mention
	for _, m := range ms {
		if m.typ != schema.TypePerson {
			continue
		}
		name := stripTitles(m.words)
		if len(name) == 1 && (isRoleWord(name[0]) || inLower(honorifics, name[0])) {
			// "the President" tagged as a name: a role mention, if the
			// text ties the role to someone (addRoleMentions).
			for i := m.s; i < m.e; i++ {
				d.covered[i] = false
			}
			continue
		}
		m.s += len(m.words) - len(name)
		m.words = name
		if full := d.cardNames[m.e-1]; len(full) > len(name) && sameWord(surname(full), surname(name)) {
			// a hover card after the name gives it in full ("President
			// Trump" + "Donald John TrumpGOP ... MORE"): the words to
			// match other names by; the name stays the text's
			m.words, name = full, full
			m.card = true
		}
		if len(name) == 1 {
			singles = append(singles, m)
			continue
		}
		var c *cluster
		for _, p := range persons {
			if len(p.words) >= 2 && sameName(p.words, name) {
				c = p
				break
			}
		}
		if c == nil {
			c = &cluster{typ: schema.TypePerson}
			persons = append(persons, c)
		}
		c.ments = append(c.ments, m)
		// a name from a hover card names the person only until the text
		// does ("Donald John Trump" and the text's "Donald J. Trump")
		if text := d.name(m); c.card && !m.card || (!c.card || m.card) && betterName(name, text, c) {
			c.words, c.name, c.card = name, text, m.card
		}
	}
	// single-word persons with no full name, by the word in capitals (a
	// headline's "REAGAN" is the text's "Reagan")
	byWord := map[string]*cluster{}
	relatives := d.relatives(persons)
	for _, m := range singles {
		w := m.words[0]
		if c := byWord[strings.ToUpper(w)]; c != nil {
			// A surname used on its own before any full name ("Trump ...
			// Trump ... his grandfather Friedrich Trump") keeps meaning
			// whom it meant.
			c.ments = append(c.ments, m)
			if text := d.name(m); isAllCaps(c.name) && !isAllCaps(text) && (len(c.words) == 1) {
				c.words, c.name = m.words, text
			}
			continue
		}
		same := func(a string) bool { return sameWord(a, w) } // "PELOSI" in a headline is Pelosi
		bySurname := func(p *cluster) bool { return len(p.words) >= 2 && same(surname(p.words)) }
		c := d.nearestPerson(persons, m.s, func(p *cluster) bool { return bySurname(p) && !relatives[p] })
		if c == nil {
			c = d.nearestPerson(persons, m.s, bySurname)
		}
		if c == nil {
			// a first name in capitals only for a lone word in capitals:
			// the headline's "SUBROTO SAYS" is no person whose first name
			// is the text's "Subroto"
			c = d.nearestPerson(persons, m.s, func(p *cluster) bool {
				return len(p.words) >= 2 && same(p.words[0]) && (isAllCaps(w) || !isAllCaps(p.words[0]))
			})
		}
		if c == nil {
			c = &cluster{typ: schema.TypePerson, words: m.words, name: d.name(m)}
			byWord[strings.ToUpper(w)] = c
			persons = append(persons, c)
		}
		c.ments = append(c.ments, m)
	}
	joined := d.joinLeadSurnames(persons)
	// Storms are named like people ("Hurricane Humberto"); they are events.
	kept := persons[:0]
	for _, p := range persons {
		if !joined[p] && (len(p.words) < 2 || !inLower(stormWords, p.words[0])) {
			kept = append(kept, p)
		}
	}
	persons = kept
	roles := d.findRoles(persons)
	d.addRoleMentions(roles)
	return persons, roles
}

// nearestPerson returns the matching person mentioned last before token i,
// or else the matching one mentioned first after it within
// maxForwardSentences ("Earnest spoke. Josh Earnest, a spokesman, ...").
func (d *doc) nearestPerson(persons []*cluster, i int, match func(*cluster) bool) *cluster {
	var before, after *cluster
	bestBefore, bestAfter := -1, int(^uint(0)>>1)
	for _, p := range persons {
		if !match(p) {
			continue
		}
		for _, m := range p.ments {
			if m.s < i && m.s > bestBefore {
				before, bestBefore = p, m.s
			}
			if m.s >= i && m.s < bestAfter {
				after, bestAfter = p, m.s
			}
		}
	}
	if before != nil {
		return before
	}
	if after != nil && d.sentOf[bestAfter]-d.sentOf[i] <= maxForwardSentences {
		return after
	}
	return nil
}

// maxForwardSentences is how far after a lone surname its full name may
// first appear for the two to be joined (a headline, then the lede).
const maxForwardSentences = 2

// joinLeadSurnames joins a person named only by a surname, first mentioned
// more than maxForwardSentences before the full name (a headline "Trump
// announces troop withdrawal", a few caption lines, then "President Donald
// Trump" in the lede), to that full name, with the lone surnames after it
// (which kept meaning whom the first one meant): when the full name is the
// only one with that surname, at most maxLeadSingles lone surnames come
// before it, and it comes within maxLeadSentences of the first. ("Trump
// ... Trump ... Trump ... his grandfather Friedrich Trump" stays apart.) It
// returns the surname clusters it emptied into full names.
func (d *doc) joinLeadSurnames(persons []*cluster) map[*cluster]bool {
	var joined map[*cluster]bool
	for _, w := range persons {
		if len(w.words) != 1 || len(w.ments) == 0 {
			continue
		}
		var full *cluster
		n := 0
		for _, p := range persons {
			if len(p.words) >= 2 && !joined[p] && sameWord(surname(p.words), w.words[0]) {
				full, n = p, n+1
			}
		}
		if n != 1 {
			continue
		}
		first := full.firstStart()
		lead, before := w.ments[0].s, 0
		for _, m := range w.ments {
			if m.s < first {
				before++
			}
			lead = min(lead, m.s)
		}
		if before > maxLeadSingles || d.sentOf[first]-d.sentOf[lead] > maxLeadSentences {
			continue
		}
		full.ments = append(full.ments, w.ments...)
		w.ments = nil
		if joined == nil {
			joined = map[*cluster]bool{}
		}
		joined[w] = true
	}
	return joined
}

// maxLeadSingles and maxLeadSentences bound joinLeadSurnames: a headline
// and a subheading may name a person by surname before the lede names them
// in full, a few caption or summary lines apart.
const (
	maxLeadSingles   = 2
	maxLeadSentences = 8
)

// findRoles finds role phrases tied to person mentions: a title before the
// name in the same sentence ("US President Barack Obama", "White House Press
// Secretary Josh Earnest", "Secretary of State John Kerry") or an
// apposition after it ("Josh Earnest, the White House press secretary,").
func (d *doc) findRoles(persons []*cluster) []roleTie {
	var out []roleTie
	for _, p := range persons {
		for _, m := range p.ments {
			if rt, ok := d.roleBefore(m.s); ok {
				rt.person = p
				out = append(out, rt)
			}
			if rt, ok := d.roleAfter(m.e); ok {
				rt.person = p
				out = append(out, rt)
			}
		}
	}
	return out
}

// roleBefore looks for a role phrase ending right before token i, or
// before a comma there ("the Senate Minority Leader, Chuck Schumer").
func (d *doc) roleBefore(i int) (roleTie, bool) {
	if i > 1 && d.toks[i-1].Text == "," && roleHeads[d.low[i-2]] && isCapitalised(d.toks[i-2].Text) {
		i--
	}
	s := i
	for s > 0 && i-s < maxRoleWords+2 && d.sentOf[s-1] == d.sentOf[i] {
		lw := d.low[s-1]
		if d.isRole(s-1) || honorifics[lw] {
			s--
			continue
		}
		// "Secretary of State": "of" plus a capitalised word after a role head.
		if lw == "of" && s-1 > 0 && roleHeads[d.low[s-2]] && isCapitalised(d.toks[s].Text) {
			s--
			continue
		}
		break
	}
	return d.roleTie(s, i)
}

// roleAfter looks for ", the/a ROLE ..." right after a name ending at token e.
func (d *doc) roleAfter(e int) (roleTie, bool) {
	if e >= len(d.toks) || d.toks[e].Text != "," {
		return roleTie{}, false
	}
	i := e + 1
	if i < len(d.toks) {
		switch d.low[i] {
		case "the", "a", "an":
			i++
		}
	}
	// Skip the organisation or place qualifying the role ("the White House
	// press secretary"): capitalised words that are not role words.
	j := i
	for j < len(d.toks) && j-i < 4 && isCapitalised(d.toks[j].Text) && !d.isRole(j) {
		j++
	}
	s := j
	for j < len(d.toks) && j-s < maxRoleWords && d.isRole(j) {
		j++
	}
	if j == s || j >= len(d.toks) {
		return roleTie{}, false
	}
	switch d.toks[j].Text { // the apposition must end here
	case ",", ".", "of", "for", "at", "in", ";", "said", "says", ")", "—", "–", "-":
		return d.roleTie(s, j)
	}
	return roleTie{}, false
}

// roleTie builds the tie for role words [s, e): leading honorifics and
// modifiers that are not part of the role are trimmed, the phrase must end
// in a role head, and former roles do not count.
func (d *doc) roleTie(s, e int) (roleTie, bool) {
	for s < e && honorifics[d.low[s]] {
		s++
	}
	if s > 0 && inLower(formerRole, strings.TrimSuffix(d.toks[s-1].Text, "-")) {
		return roleTie{}, false
	}
	// The phrase ends at its last role head ("President" in "President
	// Barack", "Secretary of State").
	last := -1
	for k := s; k < e; k++ {
		if roleHeads[d.low[k]] {
			last = k
		}
	}
	if last < 0 {
		return roleTie{}, false
	}
	if last+2 < e && strings.EqualFold(d.toks[last+1].Text, "of") {
		last = e - 1 // "Secretary of State"
	}
	// Modifiers before the first role word that do not belong to the role
	// ("White House" is skipped by the scans; "House" alone is a modifier
	// only in "House Speaker"): keep at most two modifiers.
	first := s
	for first < last-2 && !roleHeads[d.low[first]] {
		first++
	}
	words := make([]string, 0, last+1-first)
	for k := first; k <= last; k++ {
		words = append(words, d.low[k])
	}
	return roleTie{phrase: strings.Join(words, " "), words: words, s: first, e: last + 1}, true
}

// addRoleMentions adds "the President" (any case) as a mention of the person
// the role "president" is tied to: the one tied most recently before it, or
// else the first one tied after it. A role word that is a title before a
// name ("the President Barack Obama") is not a separate mention.
func (d *doc) addRoleMentions(roles []roleTie) {
	if len(roles) == 0 {
		return
	}
	// Person mention starts, so a title before a name is recognised.
	nameAt := map[int]bool{}
	for _, rt := range roles {
		for _, m := range rt.person.ments {
			nameAt[m.s] = true
		}
	}
	for i := 0; i+1 < len(d.toks); i++ {
		if !strings.EqualFold(d.toks[i].Text, "the") {
			continue
		}
		var best *roleTie
		bestLen := 0
		for k := range roles {
			rt := &roles[k]
			n := len(rt.words)
			if n < bestLen || i+1+n > len(d.toks) || !d.wordsAt(i+1, rt.words) {
				continue
			}
			if n > bestLen || closer(rt, best, i) {
				best, bestLen = rt, n
			}
		}
		if best == nil {
			continue
		}
		end := i + 1 + bestLen
		if end < len(d.toks) {
			next := d.toks[end].Text
			if nameAt[end] || strings.EqualFold(next, "of") || isRoleWord(next) {
				continue
			}
		}
		if d.covered[i+1] {
			continue // the tagger calls it a name
		}
		best.person.ments = append(best.person.ments, &mention{typ: schema.TypePerson, s: i, e: end, role: true})
		i = end - 1
	}
}

// closer reports whether tie a is a better referent for a role noun at token
// i than tie b: ties before i beat ties after it, then the nearer one wins.
func closer(a, b *roleTie, i int) bool {
	if b == nil {
		return true
	}
	if a.person == b.person {
		return false
	}
	ab, bb := a.s < i, b.s < i
	if ab != bb {
		return ab
	}
	if ab {
		return a.s > b.s
	}
	return a.s < b.s
}

func (d *doc) wordsAt(i int, lower []string) bool {
	for k, w := range lower {
		if !strings.EqualFold(d.toks[i+k].Text, w) {
			return false
		}
	}
	return true
}

// isAllCaps reports whether w has two or more letters, all capitals.
func isAllCaps(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n >= 2
}

func isCapitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// relatives returns the persons with a full name whose every full-name
// mention follows a kinship noun ("his wife Hillary Clinton", "Trump's
// niece, Mary Trump", "their son Hunter Biden"): news names the relative
// of the person it is about by first name, and a lone surname ("Biden
// said") means the person the article is about when the text names one
// with that surname otherwise.
func (d *doc) relatives(persons []*cluster) map[*cluster]bool {
	var out map[*cluster]bool
	for _, p := range persons {
		if len(p.words) < 2 {
			continue
		}
		all := true
		for _, m := range p.ments {
			k := m.s - 1
			if k >= 0 && d.texts[k] == "," {
				k--
			}
			if k < 0 || !kinshipNouns[d.low[k]] {
				all = false
				break
			}
		}
		if all && len(p.ments) > 0 {
			if out == nil {
				out = map[*cluster]bool{}
			}
			out[p] = true
		}
	}
	return out
}
