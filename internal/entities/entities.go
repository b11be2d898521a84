// Package entities turns the tagger's name spans into the canonical entities
// of an article: every mention of the same person, place or organisation
// under one name, places geocoded through the gazetteer, role nouns ("the
// President") attached to the person the text ties them to, organisation
// acronyms joined with their full names, nationality words, MISC names and
// page furniture left out.
//
// It runs on every article during bulk indexing, so it does only map
// lookups and linear scans over the tokens (see BenchmarkResolve).
//
// # Resolving speakers against the result
//
// Every mention is a code-point range of the text, and the mentions of a
// person include the role nouns the text ties to them: after "US President
// Barack Obama", "The President" and "the President" are mentions of
// "Barack Obama" (their range covers "the" too). So a speaker phrase such
// as "the President said" or "Earnest said" resolves by finding the entity
// with a mention overlapping the phrase (MentionAt does that); a pronoun
// ("he said", "it said") resolves to the nearest preceding mention of a
// person (or organisation), since every surname and role mention is already
// attached to its full name. Analyze also returns the role ties themselves
// (Result.Roles: "president" -> "Barack Obama") and the furniture lines
// that were left out, for callers that want them.
package entities

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsfind/newsfind/internal/gazetteer"
	"github.com/newsfind/newsfind/internal/names"
	"github.com/newsfind/newsfind/internal/ner"
	"github.com/newsfind/newsfind/internal/tokenize"
	"github.com/newsfind/newsfind/schema"
)

// Resolver resolves tagged spans to entities. It is safe for concurrent use.
type Resolver struct {
	gaz *gazetteer.Gazetteer
}

// Default returns a Resolver using the embedded gazetteer.
func Default() (*Resolver, error) {
	g, err := gazetteer.Default()
	if err != nil {
		return nil, fmt.Errorf("entities: %w", err)
	}
	return New(g), nil
}

// New returns a Resolver that geocodes places with g.
func New(g *gazetteer.Gazetteer) *Resolver { return &Resolver{gaz: g} }

// Role is a position the text ties to a person: "US President Barack Obama"
// ties "president" to Barack Obama, "Josh Earnest, the White House press
// secretary," ties "press secretary" to Josh Earnest.
type Role struct {
	Phrase string `json:"phrase"` // lower case: "president", "press secretary", "secretary of state"
	Person string `json:"person"` // canonical name of the person
	Start  int    `json:"start"`  // code-point offsets of the role words in the text
	End    int    `json:"end"`
}

// Result is the full output of Analyze.
type Result struct {
	// Entities are in order of first mention; each one's mentions are in
	// text order. Person entities include role mentions ("the President").
	Entities []schema.Entity
	// Roles are the role ties the text makes, in text order, each role and
	// person once (at its first tie).
	Roles []Role
	// Furniture are the lines that were left out as page furniture, and
	// the hover cards inside lines ("Donald John TrumpGOP senators ...
	// MORE"), in text order.
	Furniture []ByteRange
}

// Resolve returns the persons, places and organisations of text; toks and
// sents are tokenize.Tokenize/Sentences of text and spans the tagger's
// output for them. Offsets in the result are code points into text.
func (r *Resolver) Resolve(text string, toks []tokenize.Token, sents []tokenize.Sentence, spans []ner.Span) []schema.Entity {
	return r.Analyze(text, toks, sents, spans).Entities
}

// mention is one occurrence of a name, as token range [s, e).
type mention struct {
	typ   string // schema type
	s, e  int
	words []string // token texts of [s, e)
	role  bool     // a role-noun mention such as "the President"
	// hyphenBase, when > 0, is the byte length of the place before a
	// hyphen ("US" of "US-led"): the mention is only that part.
	hyphenBase int
	norm       string // gazetteer.Normalize of the words, set by retype
	// point is true when the last token is a letter and the point that
	// ends the sentence ("Malcolm X." before "Attallah Shabazz, the
	// daughter of ..."): the mention and its last word leave the point out.
	point bool
	// card is true when words are the full name a hover card gives
	// after the mention (see hoverCards), not the mention's own.
	card bool
}

// doc is the state of one Analyze call.
type doc struct {
	r     *Resolver
	text  string
	toks  []tokenize.Token
	sents []tokenize.Sentence
	// sentOf[i] is the sentence index of token i.
	sentOf []int
	// low[i] is toks[i].Text in lower case, texts[i] toks[i].Text.
	low, texts []string
	// slab holds the mentions newMention makes (see newMentionAt).
	slab []mention
	// covered[i] is true when token i is inside a PER, LOC or ORG span.
	covered []bool
	// nationality counts the nationality words per country code ("Iraqi"
	// -> IQ), context for place disambiguation.
	nationality map[string]int
	// cardNames are the full names the hover cards give, by the token of
	// the name word before each card (see hoverCards).
	cardNames map[int][]string
	// nameWords are the lower-cased words of the multi-word person spans:
	// a lone "Oh" or "So" after "Oh Se-hoon" or "So Ji-sub" is a surname.
	nameWords map[string]bool
}

func (d *doc) mentionText(s, e int) string {
	return d.text[d.toks[s].StartByte:d.toks[e-1].EndByte]
}

// nameText is mentionText with each run of white space one space: a name
// wrapped over two lines of the text is one name ("General Systems\nInc").
func (d *doc) nameText(s, e int) string {
	t := d.mentionText(s, e)
	if !strings.ContainsAny(t, "\t\n\r\v\f\u00a0") && !strings.Contains(t, "  ") {
		return t
	}
	return strings.Join(strings.Fields(t), " ")
}

func (d *doc) schemaMention(m *mention) schema.Mention {
	if m.hyphenBase > 0 {
		t := d.toks[m.s]
		base := d.text[t.StartByte : t.StartByte+m.hyphenBase]
		return schema.Mention{Text: base, Start: t.Start, End: t.Start + utf8.RuneCountInString(base)}
	}
	if m.point {
		t := d.mentionText(m.s, m.e)
		return schema.Mention{Text: t[:len(t)-1], Start: d.toks[m.s].Start, End: d.toks[m.e-1].End - 1}
	}
	return schema.Mention{Text: d.mentionText(m.s, m.e), Start: d.toks[m.s].Start, End: d.toks[m.e-1].End}
}

// name is m's text as a name: nameText, without a sentence's point.
func (d *doc) name(m *mention) string {
	t := d.nameText(m.s, m.e)
	if m.point {
		t = t[:len(t)-1]
	}
	return t
}

// Analyze is Resolve with the role ties and furniture lines it found.
func (r *Resolver) Analyze(text string, toks []tokenize.Token, sents []tokenize.Sentence, spans []ner.Span) Result {
	d := &doc{r: r, text: text, toks: toks, sents: sents}
	d.sentOf = make([]int, len(toks))
	for si, s := range sents {
		for i := max(s.Start, 0); i < s.End && i < len(toks); i++ {
			d.sentOf[i] = si
		}
	}
	d.low = lowerTokens(toks)
	d.texts = make([]string, len(toks))
	for i, t := range toks {
		d.texts[i] = t.Text
	}
	res := Result{Furniture: withCards(Furniture(text), d.hoverCards())}
	d.covered = make([]bool, len(toks))
	spans = sortSpans(spans, len(toks))
	for i, sp := range spans {
		if sp.Type == "MISC" && d.curatedOrg(sp) {
			spans[i].Type = "ORG" // "ISIS" tagged MISC
		}
	}
	d.nationality = map[string]int{}
	for _, sp := range spans {
		if sp.Type == "MISC" {
			// MISC words may still be found as names (propagate); a
			// nationality tells which country the article is about.
			if cc, ok := d.r.gaz.Demonym(d.mentionText(sp.Start, sp.End)); ok && cc != "" {
				d.nationality[cc]++
			}
			continue
		}
		for i := sp.Start; i < sp.End; i++ {
			d.covered[i] = true
		}
	}
	spans = d.joinNames(d.fixSpans(spans))
	d.nameWords = map[string]bool{}
	for _, sp := range spans {
		if sp.Type == "PER" && sp.End-sp.Start > 1 {
			for i := sp.Start; i < sp.End; i++ {
				d.nameWords[d.low[i]] = true
			}
		}
	}
	var ms []*mention
	for _, sp := range spans {
		if inFurniture(res.Furniture, toks[sp.Start].StartByte) {
			continue
		}
		sp.End = d.cutAtFurniture(res.Furniture, sp.Start, sp.End)
		if n := len(ms); n > 0 && d.endsName(ms[n-1], sp) {
			continue
		}
		if m := d.newMention(sp); m != nil {
			ms = append(ms, m)
		}
	}
	slices.SortStableFunc(ms, func(a, b *mention) int { return cmp.Compare(a.s, b.s) })

	ms = d.retype(ms)
	persons, roles := d.resolvePersons(ms)
	places := d.resolvePlaces(ms)
	orgs := d.resolveOrgs(ms)
	all := d.joinCaps(append(append(persons, places...), orgs...))
	d.propagate(all, res.Furniture)
	d.dropNominalNames(all)

	// every entity's mentions in one array, each capped at its own end
	var backing []schema.Mention
	for _, c := range all {
		if len(c.ments) == 0 {
			continue
		}
		if backing == nil {
			n := 0
			for _, c := range all {
				n += len(c.ments)
			}
			backing = make([]schema.Mention, 0, n)
			res.Entities = make([]schema.Entity, 0, len(all))
		}
		if !strictlyOrdered(c.ments) { // else the sort would leave them as they are
			sort.Slice(c.ments, func(i, j int) bool { return c.ments[i].s < c.ments[j].s })
		}
		e := schema.Entity{Type: c.typ, Name: c.name, Geo: c.geo}
		start, last := len(backing), -1
		for _, m := range c.ments {
			if m.s < last { // overlapping duplicate
				continue
			}
			backing = append(backing, d.schemaMention(m))
			last = m.e
		}
		e.Mentions = backing[start:len(backing):len(backing)]
		res.Entities = append(res.Entities, e)
	}
	slices.SortStableFunc(res.Entities, func(a, b schema.Entity) int {
		return cmp.Compare(a.Mentions[0].Start, b.Mentions[0].Start)
	})
	slices.SortStableFunc(roles, func(a, b roleTie) int { return cmp.Compare(a.s, b.s) })
	seen := map[[2]string]bool{}
	for _, rl := range roles {
		k := [2]string{rl.phrase, rl.person.name}
		if seen[k] {
			continue
		}
		seen[k] = true
		res.Roles = append(res.Roles, Role{Phrase: rl.phrase, Person: rl.person.name, Start: toks[rl.s].Start, End: toks[rl.e-1].End})
	}
	return res
}

// joinCaps joins an entity named only in capitals (a headline's "WORLD
// BANK", "STEVE INSKEEP, HOST:" in a transcript) to the entity the text
// names the same way in mixed case, of the same type if there is one, else
// of any: the tagger reads words in capitals less well, and types them
// worse, than the same words in running text. It returns the clusters
// left.
func (d *doc) joinCaps(all []*cluster) []*cluster {
	var joined map[*cluster]bool
	for _, c := range all {
		if !d.capsOnly(c) {
			continue
		}
		if !isAllCaps(c.name) {
			// A place the gazetteer named, written only in lines of
			// capitals: no place when its word is one the text writes in
			// lower case ("STOCK SPLIT" and "a two-for-one split" name
			// no Split). It joins nothing else: "U.S. WHEAT" is no part
			// of the U.S. Agriculture Department. Countries, regions
			// and big cities stay: a text partly written in lower case
			// writes them so too ("ecuador cannot service its debt").
			if d.inCapsLines(c) && d.commonWords(c) && !d.bigPlace(gazetteer.Normalize(c.name)) {
				c.ments = nil
				if joined == nil {
					joined = map[*cluster]bool{}
				}
				joined[c] = true
			}
			continue
		}
		key := gazetteer.Normalize(c.name)
		var target *cluster
		for _, t := range all {
			if t == c || joined[t] || isAllCaps(t.name) || target != nil && target.typ == c.typ {
				continue
			}
			if t.typ != c.typ && (target != nil || !capsRetype(c, t)) {
				continue
			}
			if d.namedAs(t, key) {
				target = t
			}
		}
		if target == nil {
			// Only in lines of capitals (headlines, where the tagger cuts
			// names apart) and nowhere in mixed case: a piece of a longer
			// name the text gives ("TEXAS" of "TEXAS INTERNATIONAL CO" is
			// Texas International Inc), else no name when its words are
			// the text's common words ("ECONOMIC SPOTLIGHT", "economic")
			// or legal forms ("CO INC").
			if !d.inCapsLines(c) {
				continue
			}
			if target = d.longerName(all, c, joined); target == nil && !d.commonWords(c) {
				continue
			}
		}
		if target != nil {
			target.ments = append(target.ments, c.ments...)
		}
		c.ments = nil
		if joined == nil {
			joined = map[*cluster]bool{}
		}
		joined[c] = true
	}
	if joined == nil {
		return all
	}
	kept := all[:0]
	for _, c := range all {
		if !joined[c] {
			kept = append(kept, c)
		}
	}
	return kept
}

// inCapsLines reports whether every name mention of c is on a line with
// no lower-case letter.
func (d *doc) inCapsLines(c *cluster) bool {
	for _, m := range c.ments {
		if m.role {
			continue
		}
		s, e := d.toks[m.s].StartByte, d.toks[m.e-1].EndByte
		ls := strings.LastIndexByte(d.text[:s], '\n') + 1
		le := strings.IndexByte(d.text[e:], '\n')
		if le < 0 {
			le = len(d.text)
		} else {
			le += e
		}
		for _, r := range d.text[ls:le] {
			if unicode.IsLower(r) {
				return false
			}
		}
	}
	return true
}

// longerName returns the entity, not named in capitals, with a longer
// mention in mixed case that has c's name words in it, in order and
// case aside; nil when there is none.
func (d *doc) longerName(all []*cluster, c *cluster, joined map[*cluster]bool) *cluster {
	words := c.ments[0].words
	for _, t := range all {
		if t == c || joined[t] || isAllCaps(t.name) {
			continue
		}
		for _, m := range t.ments {
			if m.role || len(m.words) <= len(words) || d.allCaps(m.s, m.e) {
				continue
			}
		scan:
			for i := 0; i+len(words) <= len(m.words); i++ {
				for k, w := range words {
					if !strings.EqualFold(m.words[i+k], w) {
						continue scan
					}
				}
				return t
			}
		}
	}
	return nil
}

// commonWords reports whether c's first mention is made of legal forms
// ("CO INC") or is one word of minCommonWord letters or more that the text
// also writes in lower case ("ECONOMIC"; shorter ones may be acronyms that
// a text in lower case writes so: "USDA PROPOSES ..." and "usda said").
func (d *doc) commonWords(c *cluster) bool {
	words := c.ments[0].words
	for _, w := range words {
		lw := strings.ToLower(w)
		if names.IsLegalForm(lw) {
			continue
		}
		if len(words) > 1 || utf8.RuneCountInString(lw) < minCommonWord {
			return false
		}
		found := false
		for i, t := range d.texts {
			if t == lw && !d.covered[i] {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// minCommonWord is the length from which a word in capitals that the text
// also writes in lower case is taken for that common word.
const minCommonWord = 5

// capsRetype reports whether an entity named in capitals, c, may join an
// entity of another type, t, that the text names the same way: a full
// name joins a person ("STEVE INSKEEP, HOST:" tagged a place), a word
// tagged a person joins an organisation ("TEXACO"). A place never takes
// in an organisation or the other way round: sports results in capitals
// name teams by their cities ("CHICAGO 71 64").
func capsRetype(c, t *cluster) bool {
	switch t.typ {
	case schema.TypePerson:
		return strings.Contains(c.name, " ")
	case schema.TypeOrganization:
		return c.typ == schema.TypePerson
	}
	return false
}

// capsOnly reports whether every name mention of c is in capitals.
func (d *doc) capsOnly(c *cluster) bool {
	n := 0
	for _, m := range c.ments {
		if m.role {
			continue
		}
		if !d.allCaps(m.s, m.e) {
			return false
		}
		n++
	}
	return n > 0
}

// namedAs reports whether cluster t has the normalised name key: its
// canonical name or one of its mentions.
func (d *doc) namedAs(t *cluster, key string) bool {
	if gazetteer.Normalize(t.name) == key {
		return true
	}
	for _, m := range t.ments {
		if !m.role && m.norm == key {
			return true
		}
	}
	return false
}

// curatedOrg reports whether the span is a name in the curated organisation
// table: a multi-word name or an acronym of three or more letters.
func (d *doc) curatedOrg(sp ner.Span) bool {
	text := d.mentionText(sp.Start, sp.End)
	norm := gazetteer.Normalize(text)
	if _, ok := orgAliases[norm]; !ok {
		return false
	}
	return strings.Contains(norm, " ") || (isAcronym(text) && len(norm) >= 3)
}

// isPartyState reports whether t is a US party and state tag such as
// "R-Maine" or "D-Calif.".
func isPartyState(t string) bool {
	return len(t) > 3 && (t[0] == 'R' || t[0] == 'D' || t[0] == 'I') && t[1] == '-' && t[2] >= 'A' && t[2] <= 'Z' && !strings.ContainsAny(t, " ")
}

// knownPlace reports whether the gazetteer knows the name.
func (d *doc) knownPlace(name string) bool {
	_, ok := d.r.gaz.Best(name, nil)
	return ok
}

// titled reports whether a title or honorific precedes token i ("Mr. Paris").
func (d *doc) titled(i int) bool {
	return i > 0 && (d.isRole(i-1) || honorifics[d.low[i-1]])
}

// bigPlace reports whether the normalised name is a country, a region, or
// a city of at least minBigCity people, under its own name. Smaller cities
// share their names with first names (George, Victoria, Florence).
func (d *doc) bigPlace(norm string) bool {
	c, ok := d.r.gaz.BestCandidate(norm, nil)
	return ok && !c.Alias && (c.Kind == gazetteer.Country || c.Kind == gazetteer.Region || (c.Kind == gazetteer.City && c.Population >= minBigCity))
}

// minBigCity is the population from which a lone name tagged as a person is
// taken for the city ("Chelyabinsk").
const minBigCity = 1000000

// MentionAt returns the index of the entity with a mention overlapping the
// code-point range [start, end) and that mention, preferring the mention
// that ends last (the head of an English noun phrase is its last word), or
// -1 when none overlaps.
func MentionAt(ents []schema.Entity, start, end int) (int, schema.Mention) {
	best, bestM := -1, schema.Mention{}
	for i, e := range ents {
		for _, m := range e.Mentions {
			if m.Start < end && m.End > start && (best < 0 || m.End > bestM.End) {
				best, bestM = i, m
			}
		}
	}
	return best, bestM
}

func inFurniture(fs []ByteRange, b int) bool {
	i := sort.Search(len(fs), func(i int) bool { return fs[i].End > b })
	return i < len(fs) && fs[i].Start <= b
}

// cluster is one entity being built.
type cluster struct {
	typ   string
	name  string
	geo   *schema.Geo
	ments []*mention
	// persons: the name words of the canonical name
	words []string
	// card is true when the name came from a hover card
	card bool
	// orgs/places: the key the cluster is found by
	key string
}

// firstStart returns the first token of c's earliest mention (its mentions
// need not be in text order once clusters merge); c has a mention.
func (c *cluster) firstStart() int {
	first := c.ments[0].s
	for _, m := range c.ments[1:] {
		first = min(first, m.s)
	}
	return first
}

// newMention turns a tagger span into a mention, trimming determiners,
// possessives and punctuation at its edges, or returns nil (MISC, empty).
func (d *doc) newMention(sp ner.Span) *mention {
	var typ string
	switch sp.Type {
	case "PER":
		typ = schema.TypePerson
	case "LOC":
		typ = schema.TypePlace
	case "ORG":
		typ = schema.TypeOrganization
	default:
		return nil
	}
	sp = d.trimSpan(sp)
	s, e := sp.Start, sp.End
	for s+1 < e && leadingMarkers[d.low[s]] {
		s++
	}
	s, e, currency := d.trimFigureLabel(s, e)
	if s >= e {
		return nil // "Shr", "Nine Mths": a financial table's row label
	}
	if currency {
		typ = schema.TypePlace // "N.Z." of "N.Z. Dlrs": the currency's country
	}
	if w := d.toks[s].Text; e == s+1 && notNames[d.low[s]] && !(len(w) > 1 && isAllCaps(w)) && !(d.nameWords[d.low[s]] && !pronouns[d.low[s]]) {
		// "It", "That", "Um"; "US", "IT", "WHO" and the "Oh" of "Oh
		// Se-hoon" stay, but a lone "He" is the pronoun even after "He
		// Lifeng": read as his surname it took every "He said"
		return nil
	}
	if e == s+1 && names.IsLegalForm(d.low[s]) {
		return nil
	}
	if e == s+1 && commonAcronyms[d.low[s]] {
		return nil // "a PC", "GNP", "DVD sales": a common noun's acronym
	}
	if e == s+1 && d.portfolio(s) {
		return nil // "Finance" of "Finance Minister Edouard Balladur": a portfolio, no body
	}
	if e == s+1 && designatorNouns[d.low[s]] && d.designatorAfter(e) {
		return nil // "Class A common shares", "Series B preferred": a class of securities, no name
	}
	if e == s+1 && typ != schema.TypePerson && governmentAdjectives[d.low[s]] && d.modifiesNoun(e) {
		return nil // "Federal funds", "the Federal budget deficit", "a Congressional hearing": an adjective, no body
	}
	if d.pageWordsOnly(s, e) || d.captionLabel(s, e) {
		return nil // "Hide Caption", "View Gallery", "FILE PHOTO", "Media caption": web page parts inside a line
	}
	if t := d.mentionText(s, e); strings.Contains(t, "@") || strings.Contains(t, "://") || isPartyState(t) {
		return nil // an e-mail address, URL or party-state tag ("R-Maine"), not a name
	}
	m := d.newMentionAt(s, e)
	m.typ = typ
	if last := d.texts[e-1]; e-s > 1 && typ == schema.TypePerson && tokenize.IsInitial(last) && d.endsSentence(e-1) {
		m.point = true
		m.words = append(d.texts[s:e-1:e-1], last[:len(last)-1])
	}
	return m
}

// endsSentence reports whether token i is the last of a sentence that goes
// on with another one.
func (d *doc) endsSentence(i int) bool {
	return i+1 < len(d.toks) && d.sentOf[i+1] != d.sentOf[i]
}

// endsName extends prev, an organisation, over sp when sp is only the legal
// form that ends its name: text wrapped at a fixed width breaks a name
// before it ("Pioneer Communications Network\nInc said"), and the tagger
// then tags the two lines apart. It reports whether it did.
func (d *doc) endsName(prev *mention, sp ner.Span) bool {
	if sp.End != sp.Start+1 || !names.IsLegalForm(d.low[sp.Start]) || prev.e != sp.Start || prev.typ != schema.TypeOrganization {
		return false
	}
	prev.e = sp.End
	prev.words = d.texts[prev.s:prev.e:prev.e]
	return true
}

func isPossessive(w string) bool {
	switch w {
	case "'s", "’s", "'", "’", "'S":
		return true
	}
	return false
}

// isPunct reports whether w has no letter or digit.
func isPunct(w string) bool {
	for _, r := range w {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r > 0x7f {
			return false
		}
	}
	return true
}

// retype fixes the tagger's type where the text or the gazetteer is clear:
// a building standing for an institution ("White House") is an
// organisation, a country name tagged ORG is a place, a single word tagged
// ORG or LOC that is the surname of a person named in full is that person,
// and a surface the tagger types differently in different places takes the
// type it has most often.
func (d *doc) retype(ms []*mention) []*mention {
	g := d.r.gaz
	// the types each surface is tagged with: votes[byKey[k]]
	byKey := make(map[string]int, len(ms)) // index into votes and norms
	votes := make([]vote, 0, len(ms))
	keys := make([]string, len(ms))
	for i, m := range ms {
		k := strings.Join(m.words, " ")
		keys[i] = k
		t := typeIndex(m.typ)
		v, ok := byKey[k]
		if !ok {
			v = len(votes)
			byKey[k] = v
			votes = append(votes, vote{first: t})
		}
		votes[v].n[t]++
	}
	for i, m := range ms {
		k := keys[i]
		if v := &votes[byKey[k]]; v.types() > 1 && len(m.words) > 1 && !d.knownPlace(k) {
			// A multi-word name the tagger types differently in different
			// places ("Stormy Daniels" PER and ORG, "Fox Nation" LOC and
			// ORG) takes its most frequent type; a tie goes to the first
			// occurrence's. Single words and known places differ for good
			// reasons (a city and its team).
			best := v.first
			for t := range mentionTypes {
				if v.n[t] > v.n[best] {
					best = t
				}
			}
			m.typ = mentionTypes[best]
		}
	}
	surnames := map[string]bool{}  // of persons named in full
	nameWords := map[string]bool{} // any word of a multi-word person name
	for _, m := range ms {
		if m.typ == schema.TypePerson {
			if w := stripTitles(m.words); len(w) >= 2 {
				surnames[surname(w)] = true
				for _, x := range w {
					nameWords[x] = true
				}
			}
		}
	}
	orgUses := d.personOrgs(ms, keys, nameWords)
	norms := make([]string, len(votes)) // gazetteer.Normalize of each surface
	out := ms[:0]
	for i, m := range ms {
		v := byKey[keys[i]]
		if norms[v] == "" {
			norms[v] = gazetteer.Normalize(keys[i])
		}
		norm := norms[v]
		switch m.typ {
		case schema.TypePlace:
			_, known := g.BestKey(norm, nil)
			if institutions[norm] || (!known && len(m.words) > 1 && inLower(orgSuffixes, m.words[len(m.words)-1])) {
				m.typ = schema.TypeOrganization // "White House", "Yale University"
			} else if cc, ok := g.DemonymKey(norm); ok {
				if cc != "" {
					d.nationality[cc]++
				}
				continue // "Iraqi", "Indonesians": nationality, not place
			} else if !known && d.compassDemonym(m) {
				continue // "West German", "East German": nationality, not place
			} else if len(m.words) == 1 && surnames[m.words[0]] && !known {
				m.typ = schema.TypePerson
			}
		case schema.TypeOrganization:
			if p, ok := g.BestKey(norm, nil); ok && p.Kind == gazetteer.Country {
				m.typ = schema.TypePlace
			} else if w := stripTitles(m.words); len(w) == 1 && surnames[w[0]] && !isAcronym(w[0]) {
				m.typ = schema.TypePerson // "Earnest", "Governor Bullock"
			}
		case schema.TypePerson:
			if _, ok := g.DemonymKey(norm); ok && len(m.words) == 1 {
				continue
			}
			if orgUses[keys[i]] {
				m.typ = schema.TypeOrganization // "a Reuter survey", "analyst Paul McCulley of E.F. Hutton"
				break
			}
			if len(m.words) == 1 && !nameWords[m.words[0]] && !d.titled(m.s) && !d.runsOn(m.s, m.e) && d.bigPlace(norm) {
				m.typ = schema.TypePlace // "Chelyabinsk" alone is the city
			}
		}
		if last := m.words[len(m.words)-1]; len(m.words) > 1 &&
			(inLower(naturalFeatures, last) || (m.typ == schema.TypePerson && inLower(streetWords, last))) {
			m.typ = schema.TypePlace // "Karl Marx Avenue", "Java Sea"
		}
		if m.typ != schema.TypeOrganization {
			if _, ok := orgAliases[norm]; ok && (strings.Contains(norm, " ") || isAcronym(m.words[0])) {
				m.typ = schema.TypeOrganization // "Al Qaeda" tagged as a person
			}
		}
		m.norm = norm
		out = append(out, m)
	}
	return out
}

// mentionTypes are the schema types of mentions, in the order retype's
// vote prefers them.
var mentionTypes = [...]string{schema.TypePerson, schema.TypePlace, schema.TypeOrganization}

// typeIndex is the index of a mention type in mentionTypes.
func typeIndex(typ string) int {
	switch typ {
	case schema.TypePerson:
		return 0
	case schema.TypePlace:
		return 1
	}
	return 2
}

// vote counts the types one surface is tagged with (indices into
// mentionTypes).
type vote struct {
	n     [len(mentionTypes)]int
	first int // type of the first occurrence
}

// types is how many different types the surface was tagged with.
func (v *vote) types() int {
	n := 0
	for _, c := range v.n {
		if c > 0 {
			n++
		}
	}
	return n
}

// strictlyOrdered reports whether the mentions start at increasing tokens.
func strictlyOrdered(ms []*mention) bool {
	for i := 1; i < len(ms); i++ {
		if ms[i-1].s >= ms[i].s {
			return false
		}
	}
	return true
}

// newMentionAt returns a new mention of tokens [s, e) from the document's
// slab: its words are a slice of the document's token texts, capped so
// that nobody can append into the next token's text (nothing does).
func (d *doc) newMentionAt(s, e int) *mention {
	if len(d.slab) == cap(d.slab) {
		d.slab = make([]mention, 0, max(16, 2*cap(d.slab)))
	}
	d.slab = append(d.slab, mention{s: s, e: e, words: d.texts[s:e:e]})
	return &d.slab[len(d.slab)-1]
}

// pageWordsOnly reports whether tokens [s, e) are all names.IsPageWord
// words: the parts of a web page around an article ("Hide Caption",
// "View Gallery") that a scraper kept inside a line of text.
func (d *doc) pageWordsOnly(s, e int) bool {
	for k := s; k < e; k++ {
		if !names.IsPageWord(d.low[k]) {
			return false
		}
	}
	return s < e
}

// isFigureAbbrev reports whether token k is one of figureAbbrevs, not in
// capitals ("Shr", "mths", "Dlrs"; not "CTS").
func (d *doc) isFigureAbbrev(k int) bool {
	w := d.texts[k]
	return figureAbbrevs[d.low[k]] && !(len(w) > 1 && isAllCaps(w))
}

// trimFigureLabel returns tokens [s, e) without the financial table words
// at their edges: the figure abbreviations ("Shr", "Dlrs", "Prev Wk") and
// the period words next to one ("Nine" of "Nine Mths"). A span made only
// of them comes back empty. currency reports that the last word was a
// currency ("Dlrs" of "N.Z. Dlrs"), so that what is left names a country.
func (d *doc) trimFigureLabel(s, e int) (ns, ne int, currency bool) {
	for s < e && (d.isFigureAbbrev(s) || periodWords[d.low[s]] && s+1 < e && d.isFigureAbbrev(s+1)) {
		s++
	}
	for e > s && d.isFigureAbbrev(e-1) {
		currency = currency || d.low[e-1] == "dlrs" || d.low[e-1] == "dlr"
		e--
	}
	return s, e, currency && e > s
}

// portfolio reports whether token k is one of portfolios and a role noun
// holds it: right after it ("Finance Minister", "Commerce Secretary",
// "defence secretary", "Finance director"), after "and" and a second
// portfolio ("Finance and Petroleum Minister", "Finance and economy
// ministers"), or before it with "of" or "for" between ("Vice Minister
// of Finance", "Secretary for Finance"): the holder's title, not an
// organisation. "Ministry of Finance" is one.
func (d *doc) portfolio(k int) bool {
	if !portfolios[d.low[k]] {
		return false
	}
	if k >= 2 && (d.low[k-1] == "of" || d.low[k-1] == "for") && portfolioHolders[d.low[k-2]] && d.sentOf[k-2] == d.sentOf[k] {
		return true
	}
	if k+1 >= len(d.toks) {
		return false
	}
	if portfolioHolders[d.low[k+1]] {
		return true
	}
	return k+3 < len(d.toks) && d.low[k+1] == "and" && portfolios[d.low[k+2]] && portfolioHolders[d.low[k+3]] && d.sentOf[k+3] == d.sentOf[k]
}

// portfolioHolders are the role nouns that hold a portfolio.
// The plural "ministries" is one too ("the Finance and Agriculture
// ministries", "the ministries of Finance and Justice"): no one body.
var portfolioHolders = set("minister", "secretary", "ministers", "secretaries", "spokesman", "spokeswoman",
	"spokesperson", "director", "directors", "undersecretary", "under-secretary", "ministries")

// governmentAdjectives are adjectives for a level or branch of government
// that the tagger takes for an organisation when capitalised before a
// noun ("Federal funds", "Congressional hearing"); alone they name no
// body.
var governmentAdjectives = set("federal", "congressional", "presidential", "parliamentary", "ministerial")

// modifiesNoun reports whether token e, right after a one-word name, is a
// lower-case word of letters in the same sentence that the name modifies
// ("Federal funds", "Oscar nominee"): no function word, no verb or adverb
// that follows a subject ("Federal will", "Federal and Orion"), no
// possessive.
func (d *doc) modifiesNoun(e int) bool {
	if e <= 0 || e >= len(d.toks) || d.sentOf[e] != d.sentOf[e-1] {
		return false
	}
	if d.toks[e].StartByte == d.toks[e-1].EndByte {
		return false // "Federal-Mogul", "Oscar's"
	}
	if !lowerWord(d.texts[e], false) {
		return false
	}
	low := d.low[e]
	return !functionWords[low] && !edgeWords[low] && !afterNameWords[low] && !notNames[low]
}

// personOrgs returns the surfaces (words joined by spaces, keys[i] for
// ms[i]) of mentions tagged a person that the text uses for an
// organisation: a source of reports (sourceName) or a firm (firmName). A
// name ever given a title ("Mr Hutton") stays a person. One pass over the
// mentions serves both, with one set of titled names. (Role mentions,
// "the President", are added later, by resolvePersons.)
func (d *doc) personOrgs(ms []*mention, keys []string, nameWords map[string]bool) map[string]bool {
	var out, titled map[string]bool
	endsPerson := map[int]bool{}
	for _, m := range ms {
		if m.typ == schema.TypePerson {
			endsPerson[m.e] = true
		}
	}
	for i, m := range ms {
		if m.typ != schema.TypePerson || m.role {
			continue
		}
		if d.titled(m.s) {
			if titled == nil {
				titled = map[string]bool{}
			}
			titled[keys[i]] = true
			continue
		}
		if d.sourceName(m, nameWords) || d.firmName(m, endsPerson) {
			if out == nil {
				out = map[string]bool{}
			}
			out[keys[i]] = true
		}
	}
	for w := range titled {
		delete(out, w)
	}
	return out
}

// sourceName reports whether m, a mention tagged a person that no title
// precedes, is a one-word name that the text uses to name where a report
// comes from ("a Reuter survey", "a Harris poll", "Gartner report",
// "Reuter correspondents"): no word of a person's full name in the text
// (nameWords), and right before a lower-case noun for a poll or the
// people who report somewhere, or for a report after "a" ("a Reuter
// report"; "the Hutton inquiry" and "the James report" are named after a
// person). Such a word is the organisation that polls or reports.
func (d *doc) sourceName(m *mention, nameWords map[string]bool) bool {
	if len(m.words) != 1 || nameWords[m.words[0]] || m.e >= len(d.toks) {
		return false
	}
	return sourceNouns[d.texts[m.e]] || m.s > 0 && (d.low[m.s-1] == "a" || d.low[m.s-1] == "an") && reportNouns[d.texts[m.e]]
}

// captionLabel reports whether tokens [s, e) are the first word of a
// caption's label, the word "caption" right after them: "Media caption",
// "Image caption", "Video caption" (BBC pages put one before each caption
// text). "Media" alone is no page word: "Culture, Media and Sport".
func (d *doc) captionLabel(s, e int) bool {
	if e != s+1 || e >= len(d.toks) || d.low[e] != "caption" {
		return false
	}
	return d.low[s] == "media" || names.IsPageWord(d.low[s])
}

// firmName reports whether m, a mention tagged a person that no title
// precedes, is a name that the text uses for a firm: one followed by a
// legal form, "and Co", "and Sons" or a comma and a name that ends in one
// ("E.F. Hutton and Co", "James Capel (Far East) Ltd", "Smith Barney,
// Harris Upham and Co Inc"), or the employer after "of", "with" or "at"
// that follows a person's name (one ends at every index endsPerson
// holds) or a noun for an employee ("Paul McCulley of E.F. Hutton", "an
// analyst with James Capel"), or one right after a lower-case noun for a
// firm ("search engine firm Google", "search site Google"; see
// afterFirmNoun), or one given as an example of firms ("companies such
// as Google", "rivals like Google"; firmExample).
func (d *doc) firmName(m *mention, endsPerson map[int]bool) bool {
	return d.afterFirmNoun(m.s) || d.firmExample(m.s) || d.legalFormAfter(m.e) || m.s >= 2 && employerPrepositions[d.low[m.s-1]] && (endsPerson[m.s-1] && d.low[m.s-1] != "with" || employeeNouns[d.low[m.s-2]]) && !(m.e < len(d.toks) && isPossessive(d.texts[m.e]))
}

// legalFormAfter reports whether a company's legal form follows token e,
// the end of a name: right after it ("Hutton Inc"), after "and Co",
// "and Sons" or "& Co", after a bracket ("Capel (Far East) Ltd"), or
// after a comma and up to four capitalised words and connectors ("Smith
// Barney, Harris Upham and Co Inc").
func (d *doc) legalFormAfter(e int) bool {
	n := len(d.toks)
	k := e
	if k < n && d.texts[k] == "(" {
		for k < n && k-e < 6 && d.texts[k] != ")" {
			k++
		}
		k++
	}
	if k < n && names.IsLegalForm(d.low[k]) {
		return true
	}
	if k+1 < n && (d.low[k] == "and" || d.low[k] == "&") && (d.low[k+1] == "sons" || names.IsLegalForm(d.low[k+1])) {
		return true
	}
	if k < n && d.texts[k] == "," {
		and := false
		for j := k + 1; j < n && j <= k+6 && d.sentOf[j] == d.sentOf[e-1]; j++ {
			if names.IsLegalForm(d.low[j]) {
				for j+1 < n && names.IsLegalForm(d.low[j+1]) {
					j++ // "and Co Inc"
				}
				// the name goes on after the comma with "and" in it, and
				// no title or possessive follows: "Toshiaki Kakimoto,
				// Sumitomo Bank Ltd chief economist" is an apposition
				return and && (j+1 >= n || d.sentOf[j+1] != d.sentOf[j] || !isPossessive(d.texts[j+1]) && !isRoleWord(d.texts[j+1]) && !employeeNouns[d.low[j+1]])
			}
			if d.low[j] == "and" || d.low[j] == "&" {
				and = j > k+1
				continue
			}
			if !isCapitalised(d.texts[j]) && d.texts[j] != "," {
				return false
			}
		}
	}
	return false
}

// compassDemonyms open the nationality of a country's part ("West
// German", "East German", "South Yemeni").
var compassDemonyms = set("west", "east", "north", "south")

// compassDemonym reports whether m is a compass word and a nationality
// ("West German"): the adjective of the country's part the text names
// ("West Germany"), no place itself.
func (d *doc) compassDemonym(m *mention) bool {
	if len(m.words) != 2 || !inLower(compassDemonyms, m.words[0]) {
		return false
	}
	_, ok := d.r.gaz.DemonymKey(gazetteer.Normalize(m.words[1]))
	return ok
}

// dropNominalNames empties the one-word person entities that the text uses
// only as a common noun: once at least as the head of a noun phrase after
// an indefinite article or right after a possessive ("won an Oscar",
// "her Oscar from"; see afterIndefinite), and
// every time after an article and lower-case modifiers ("the best actress
// Oscar") or right before a lower-case noun it modifies ("Oscar nominee",
// "Oscar night"). Such a word names a thing (an award, a prize), no
// person; a person's name is used as a subject, an object or with a
// title somewhere ("Oscar said", "Mr Oscar"), and a person's name that
// modifies a noun names the person still ("a Reagan administration
// official", "the Baker plan"). Instead of such a head, the text may use
// the word as a prize in a compound ("Oscar-winning", "Emmy-nominated";
// prizeCompound). The word must be no word of a longer person name in
// the text ("Oscar Wilde").
func (d *doc) dropNominalNames(all []*cluster) {
	for _, c := range all {
		if c.typ != schema.TypePerson || c.card || len(c.ments) == 0 || strings.Contains(c.name, " ") || d.nameWords[strings.ToLower(c.name)] {
			continue
		}
		nominal, head := true, false
		for _, m := range c.ments {
			if m.role || m.e != m.s+1 || d.titled(m.s) {
				nominal = false
				break
			}
			if d.modifiesNoun(m.e) {
				continue // "Oscar nominee": a modifier, no head
			}
			det, gap, ok := d.determinerBefore(m.s)
			if !ok || !afterArticle(det, gap) {
				nominal = false
				break
			}
			head = head || afterIndefinite(det, gap) && !d.nameAfter(m.e) && !d.subjectAfter(m.e)
		}
		if nominal && (head || d.prizeCompound(c.name)) {
			c.ments = nil
		}
	}
}

// firmNouns are lower-case nouns for a firm or a web service that stand
// right before its name in apposition ("search engine firm Google",
// "search site Google", "software giant Microsoft").
// Nouns as apt for a person ("broker", "maker": "film maker Theo van
// Gogh") or a ship ("aircraft carrier Kitty Hawk") are left out.
var firmNouns = set("firm", "company", "giant", "site", "website", "engine", "retailer", "airline",
	"conglomerate", "manufacturer", "chain", "provider", "operator", "group", "brokerage")

// afterFirmNoun reports whether token i, a name's first, comes right after
// one of firmNouns in its sentence, as a modifier-less apposition ("search
// engine firm Google", "law firm Fried, Frank"): not after "the firm",
// whose name may be a person's ("the chairman of the firm Gordon Wu", "told
// the company Pickens' offer was low").
func (d *doc) afterFirmNoun(i int) bool {
	if i < 1 || !firmNouns[d.texts[i-1]] || d.sentOf[i-1] != d.sentOf[i] {
		return false
	}
	if i >= 2 {
		switch d.low[i-2] {
		case "the", "a", "an", "this", "that", "his", "her", "its", "their":
			return false
		}
	}
	return true
}

// afterArticleWord reports whether token k may stand between an article
// and a noun it modifies: a lower-case word (or hyphenated words) that is
// no function word, preposition, verb in -ed ("a student named Wong", "a
// company called Akamai"), role or title.
func (d *doc) afterArticleWord(k int) bool {
	if !lowerWord(d.texts[k], true) {
		return false // "a phone call - Shipman's topped himself": a hyphen alone is no word
	}
	low := d.low[k]
	return !functionWords[low] && !edgeWords[low] && !afterNameWords[low] && !prepositions[low] &&
		!strings.HasSuffix(low, "ed") && !formerRole[low] && !d.isRole(k)
}

// prepositions beyond edgeWords that end a noun phrase before a name ("an
// invention by Rodgers", "a partner with Cleary").
var prepositions = set("from", "into", "about", "like", "than", "as", "between", "after", "before", "over",
	"under", "via", "per", "through", "named", "called", "dubbed", "nicknamed")

// nameAfter reports whether token e is a capitalised word in the same
// sentence: the name goes on ("an Oscar Wilde play").
func (d *doc) nameAfter(e int) bool {
	return e < len(d.toks) && d.sentOf[e] == d.sentOf[e-1] && isCapitalised(d.texts[e])
}

// subjectAfter reports whether token e, right after a name, is a word that
// follows a subject ("said", "has"): the name is a person's or a firm's.
func (d *doc) subjectAfter(e int) bool {
	return e < len(d.toks) && d.sentOf[e] == d.sentOf[e-1] && subjectWords[d.low[e]]
}

// subjectWords are the afterNameWords that follow a subject, without the
// connectors and prepositions that may follow a noun too ("an Oscar
// from", "an Oscar and a Bafta").
var subjectWords = set("said", "says", "say", "has", "had", "is", "was", "will", "would", "also", "who",
	"said.", "rated", "cut", "raised", "lowered", "downgraded", "upgraded", "affirmed", "placed", "assigned",
	"expects", "reported")

// maxArticleGap is how many lower-case modifiers may stand between a
// determiner and a name that is used as a common noun ("the best actress
// Oscar").
const maxArticleGap = 3

// determinerBefore returns the determiner before token i in its sentence
// ("a", "an", "the" or a possessive such as "his", in lower case) and how
// many lower-case modifiers (afterArticleWord) stand between; ok is false
// when there is none. A capital "A" right before the name is an initial
// ("A Baddeley (Harrow AC)"), no article.
func (d *doc) determinerBefore(i int) (det string, gap int, ok bool) {
	for k := i - 1; k >= 0 && k >= i-1-maxArticleGap && d.sentOf[k] == d.sentOf[i]; k-- {
		switch d.low[k] {
		case "a", "an", "the", "his", "her", "their", "its":
			if d.texts[k] == "A" && k == i-1 {
				return "", 0, false
			}
			return d.low[k], i - 1 - k, true
		}
		if !d.afterArticleWord(k) {
			return "", 0, false
		}
	}
	return "", 0, false
}

// afterArticle reports whether a token after determiner det and gap
// modifiers (determinerBefore) comes after it as a noun does: "a", "an"
// or a possessive, with or without modifiers between ("an Oscar", "her
// second Oscar"), or "the" and at least one modifier ("the best actress
// Oscar"; "the Hague" and "the Beatles" are names).
func afterArticle(det string, gap int) bool {
	return det != "the" || gap > 0
}

// afterIndefinite reports whether a token after determiner det and gap
// modifiers (determinerBefore) is where a common noun heads a noun phrase
// and a person's name never stands: after "a" or "an", with or without
// modifiers ("won an Oscar", "an honorary Oscar"), or right after a
// possessive ("her Oscar from"). After "the" or a possessive and
// modifiers it may be a person in apposition ("the veteran striker
// Ronaldo", "their coach Smith"), so it is no such place.
func afterIndefinite(det string, gap int) bool {
	return det == "a" || det == "an" || det != "the" && gap == 0
}

// designatorNouns name a class or series that a letter or number after
// them designates ("Class A shares", "Series B preferred").
var designatorNouns = set("class", "series", "tranche", "tier", "grade")

// designatorAfter reports whether token e, in the sentence of the token
// before it, is one capital letter or a number of up to two digits, or
// a roman numeral ("Class A", "Series 2", "Tier II").
func (d *doc) designatorAfter(e int) bool {
	if e <= 0 || e >= len(d.toks) || d.sentOf[e] != d.sentOf[e-1] {
		return false
	}
	w := d.texts[e]
	switch {
	case len(w) == 1 && w[0] >= 'A' && w[0] <= 'Z':
		return true
	case len(w) <= 2 && w[0] >= '0' && w[0] <= '9' && (len(w) == 1 || w[1] >= '0' && w[1] <= '9'):
		return true
	}
	switch w {
	case "I", "II", "III", "IV":
		return true
	}
	return false
}

// prizeSuffixes make a compound of a prize's name ("Oscar-winning",
// "Grammy-nominated"), which a person's name never takes.
var prizeSuffixes = []string{"-winning", "-winner", "-winners", "-nominated", "-nominee", "-nominees"}

// prizeCompound reports whether the text has the word name with one of
// prizeSuffixes, case aside ("Oscar-winning actress").
func (d *doc) prizeCompound(name string) bool {
	for _, t := range d.texts {
		if len(t) <= len(name) || !strings.EqualFold(t[:len(name)], name) {
			continue
		}
		rest := strings.ToLower(t[len(name):])
		for _, s := range prizeSuffixes {
			if rest == s {
				return true
			}
		}
	}
	return false
}

// firmPlurals are plural nouns for firms or web services that introduce
// examples ("companies such as Google", "rivals like Google").
var firmPlurals = set("firms", "companies", "giants", "sites", "websites", "engines", "retailers", "airlines",
	"providers", "operators", "portals", "rivals", "competitors", "brands", "manufacturers", "carmakers")

// firmExample reports whether token i comes right after one of
// firmPlurals and "such as" or "like" in its sentence ("web portals such
// as Google", "competitors like Google").
func (d *doc) firmExample(i int) bool {
	j := -1
	switch {
	case i >= 3 && d.low[i-1] == "as" && d.low[i-2] == "such":
		j = i - 3
	case i >= 2 && d.low[i-1] == "like":
		j = i - 2
	}
	return j >= 0 && firmPlurals[d.low[j]] && d.sentOf[j] == d.sentOf[i]
}
