package quotes

import (
	"log/slog"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/newsfind/newsfind/internal/tokenize"
	"github.com/newsfind/newsfind/schema"
)

// Extractor finds quotes. Its lexicon and model are immutable after New
// and it is safe for concurrent use: each call takes its own working state
// from a pool. Do not copy an Extractor.
type Extractor struct {
	lx    lexicon
	model *CueModel
	// docs holds the working state of finished calls for reuse: its
	// slices keep their capacity, cleared of strings and pointers.
	docs sync.Pool
}

// New returns an Extractor with the built-in cue-verb lexicon and the
// embedded learned cue model (DefaultModel). If that model cannot be read
// (a build without it), the extractor logs a warning once and uses the
// curated lexicon alone.
func New() *Extractor {
	m, err := DefaultModel()
	if err != nil {
		warnOnce.Do(func() { slog.Warn("quotes: no learned cue model; using the curated cue list only", "err", err) })
	}
	return NewWithModel(m)
}

var warnOnce sync.Once

// NewWithModel returns an Extractor that uses m for the cues the curated
// lexicon does not list; a nil m uses the curated lexicon alone.
func NewWithModel(m *CueModel) *Extractor {
	return &Extractor{lx: buildLexicon(), model: m}
}

// doc is the working state for one text.
type doc struct {
	rs    []rune
	toks  []tok
	segs  []segment
	sents []sent
	lx    *lexicon
	model *CueModel
	attrs []attribution
	ents  []schema.Entity
	// claimed marks segments that belong to an attribution.
	claimed []bool
	// partSlab holds the first part of attributions (attribution.parts
	// of one element), so that they need no allocation each.
	partSlab [][2]int
	// text is the text; valid reports that it is valid UTF-8 (string(rs)
	// == text), so that a rune range of it is a substring.
	text  string
	valid bool
	// scratch of resolveSpeakers and output
	res      resolver
	order    []int
	mentions []schema.Mention // attributions' speaker mentions
	strs     []string
	pure     []bool
	lows     []int // scan's
}

// maxPooledRunes bounds the text length whose working state is kept for
// reuse: a rare very long text should not pin its buffers.
const maxPooledRunes = 1 << 17

func (x *Extractor) getDoc() *doc {
	if d, ok := x.docs.Get().(*doc); ok {
		return d
	}
	return &doc{}
}

// putDoc clears d of references to the text, entities and results and
// keeps it for the next call.
func (x *Extractor) putDoc(d *doc) {
	if cap(d.rs) > maxPooledRunes {
		return
	}
	clear(d.toks)
	clear(d.attrs)
	clear(d.mentions)
	clear(d.strs[:cap(d.strs)])
	d.rs, d.toks, d.segs, d.sents = d.rs[:0], d.toks[:0], d.segs[:0], d.sents[:0]
	d.attrs, d.claimed, d.partSlab = d.attrs[:0], d.claimed[:0], d.partSlab[:0]
	d.order, d.mentions, d.strs, d.pure = d.order[:0], d.mentions[:0], d.strs[:0], d.pure[:0]
	clear(d.res.lowerWords)
	d.res = resolver{mentions: d.res.mentions[:0], gender: d.res.gender[:0], segRange: d.res.segRange[:0], lowerWords: d.res.lowerWords}
	d.ents, d.lx, d.model, d.text = nil, nil, nil, ""
	x.docs.Put(d)
}

// firstField returns the first of strings.Fields(s), "" when there is none.
func firstField(s string) string {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		return s[:i]
	}
	return s
}

// isSubjectPronoun reports subjectPronouns[strings.ToLower(s)], lower-casing
// in a stack buffer.
func isSubjectPronoun(s string) bool {
	var buf [16]byte
	low := buf[:0]
	for _, r := range s {
		if len(low) > 8 { // longer than any pronoun
			return false
		}
		low = utf8.AppendRune(low, unicode.ToLower(r))
	}
	return subjectPronouns[string(low)]
}

// upperOnly reports whether strings.ToUpper(s) == s for a valid s: no
// rune changes in upper case.
func upperOnly(s string) bool {
	for _, r := range s {
		if r < utf8.RuneSelf {
			if 'a' <= r && r <= 'z' {
				return false
			}
		} else if unicode.ToUpper(r) != r {
			return false
		}
	}
	return true
}

// str returns the text of the code points [s, e): string(d.rs[s:e]), a
// substring of the text when it is valid UTF-8.
func (d *doc) str(s, e int) string {
	if !d.valid {
		return string(d.rs[s:e])
	}
	if len(d.text) == len(d.rs) { // ASCII
		return d.text[s:e]
	}
	return d.text[d.byteOff(s):d.byteOff(e)]
}

// byteOff returns the byte offset of code point i in a valid text: from
// the last token starting at or before i, rune by rune.
func (d *doc) byteOff(i int) int {
	lo, hi := 0, len(d.toks) // the first token starting after i is in [lo, hi]
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if d.toks[m].s <= i {
			lo = m + 1
		} else {
			hi = m
		}
	}
	ri, bi := 0, 0
	if lo > 0 {
		ri, bi = d.toks[lo-1].s, int(d.toks[lo-1].bs)
	}
	for ; ri < i; ri++ {
		bi += utf8.RuneLen(d.rs[ri])
	}
	return bi
}

// onePart returns parts with p appended, as append does; a first part of
// a slice without capacity comes from the document's slab (capacity 1,
// as append would give: a copy of the attribution shares it the same way).
func (d *doc) onePart(parts [][2]int, p [2]int) [][2]int {
	if cap(parts) > 0 {
		return append(parts, p)
	}
	if len(d.partSlab) == cap(d.partSlab) {
		// a new chunk: the parts handed out keep the old one
		d.partSlab = make([][2]int, 0, max(32, min(2*cap(d.partSlab), 512)))
	}
	i := len(d.partSlab)
	d.partSlab = append(d.partSlab, p)
	return d.partSlab[i : i+1 : i+1]
}

// Extract returns the quotes of text in text order. toks and sents are the
// pipeline's tokens and sentences; the extractor re-scans the text with its
// own quotation-aware segmentation (a sentence never ends inside a
// quotation, and ” or single marks can be quotation marks), so they may be
// nil. ents supplies canonical names for speakers: a speaker mention that
// overlaps an entity mention resolves to that entity. When text is valid
// UTF-8, the quotes' texts, cues and mentions are substrings of it (they
// share its memory).
func (x *Extractor) Extract(text string, toks []tokenize.Token, sents []tokenize.Sentence, ents []schema.Entity) []schema.Quote {
	_, _ = toks, sents
	d := x.getDoc()
	defer x.putDoc(d)
	d.lx, d.model, d.ents, d.text = &x.lx, x.model, ents, text
	d.rs = slices.Grow(d.rs[:0], utf8.RuneCountInString(text))
	for _, r := range text { // as []rune(text)
		d.rs = append(d.rs, r)
	}
	d.toks = scan(text, d.rs, d.toks, &d.lows)
	d.valid = utf8.ValidString(text)
	if len(d.toks) == 0 {
		return nil
	}
	d.pairQuotes()
	d.claimed = append(d.claimed[:0], make([]bool, len(d.segs))...)
	d.splitSentences()
	for si := range d.sents {
		d.attributeSentence(si)
	}
	d.quoteOnlySentences()
	d.untangleNested()
	return d.output()
}

// contentEnd trims trailing punctuation outside quotations from a sentence.
func (d *doc) contentEnd(st sent) int {
	end := st.e
	for end > st.s {
		t := d.toks[end-1]
		if t.seg >= 0 || t.kind != tkPunct {
			break
		}
		end--
	}
	return end
}

// cueAt reports a cue starting at token i: the lexicon's verbs and
// "according to".
func (d *doc) cueAt(i, hi int) (cueForm, int, bool) {
	t := d.toks[i]
	if t.kind != tkWord || t.seg >= 0 {
		return cueForm{}, 0, false
	}
	if t.capitalized() && i > 0 && d.toks[i-1].para == t.para && !isTerminal(d.toks[i-1]) && d.toks[i-1].kind != tkDQ && !d.titleCaseVerb(i) {
		return cueForm{}, 0, false // a name (United States), not a verb
	}
	if t.lower == "according" && i+1 < hi && d.toks[i+1].lower == "to" {
		return cueForm{verb: &accordingTo, words: []string{"according", "to"}}, i + 2, true
	}
	f, ok := d.lx.match(d.toks, i)
	if !ok || i+len(f.words) > hi {
		return cueForm{}, 0, false
	}
	if d.namingParticiple(i) {
		return cueForm{}, 0, false // a group called the “We The People Foundation”
	}
	if d.pluralNounCue(f, i) {
		return cueForm{}, 0, false // the states that have voted, Clinton emails released on Friday
	}
	n := i + len(f.words)
	if n+1 < hi && d.toks[n].text == "," {
		n++ // "reality TV show, “The Apprentice,”"
	}
	if n < hi && workNouns[t.lower] && d.toks[n].seg >= 0 && d.segs[d.toks[n].seg].open == n && d.titleQuote(d.toks[n].seg) {
		return cueForm{}, 0, false // the reality show “The Apprentice”
	}
	// a determiner or possessive before the word makes it a noun (the
	// claim, his remarks, Trump's tweets)
	if i > 0 {
		p := d.toks[i-1]
		ratio := numberWords[p.lower] && i > 1 && d.toks[i-2].lower == "in" || // "one in five say"
			quantifierPronouns[p.lower] && !nounForm(f, t) // "Another tweeted", not "another tweet"
		if p.kind == tkWord && (determiners[p.lower] || isPossessive(p) && !contractedPronoun(p.lower)) && p.lower != "that" && !(subjectPronouns[p.lower] && !nounForm(f, t)) && !ratio {
			return cueForm{}, 0, false
		}
	}
	return f, i + len(f.words), true
}

var accordingTo = cueVerb{lemma: "according to", class: cueReport}

func (d *doc) attributeSentence(si int) {
	st := d.sents[si]
	end := d.contentEnd(st)
	if end <= st.s || st.page {
		return
	}
	for i := st.s; i < end; i++ {
		f, ce, ok := d.cueAt(i, end)
		if !ok {
			continue
		}
		if a, ok := d.tryCue(si, st, end, i, ce, f); ok {
			d.add(a)
		}
	}
	d.colonAttribution(si, st, end)
	d.colonClauseAttribution(si, st, end)
	d.pollAttribution(si, st, end)
	d.unlistedVerbAttribution(si, st, end)
	d.evidentialAttributions(si, st, end)
	d.learnedAttributions(si)
	d.nounAttributions(si, st, end)
}

// unlistedVerbAttribution attributes a sentence that opens with a
// quotation followed by a speaker and a verb missing from the cue list
// ("“…,” Toomey fumed on Tuesday.", "“This is fantastic!” beamed Donald
// Hartley."): after a closing quotation mark, a name next to a past-tense
// verb, with nothing after them but a short adjunct, is an attribution.
func (d *doc) unlistedVerbAttribution(si int, st sent, end int) {
	toks := d.toks
	if d.lastAttrIn(si) >= 0 || toks[st.s].seg < 0 || d.claimed[toks[st.s].seg] {
		return
	}
	// the quotations at the start of the sentence
	k := st.s
	for k < end && (toks[k].seg >= 0 || toks[k].text == ",") {
		k++
	}
	if k >= end || k == st.s || toks[k].kind != tkWord {
		return
	}
	last := k - 1
	if toks[last].text == "," {
		last--
	}
	if last < st.s || toks[last].seg < 0 || d.segs[toks[last].seg].close != last {
		return
	}
	pastVerb := func(t tok) bool {
		return t.kind == tkWord && t.seg < 0 && !t.capitalized() && len(t.lower) > 4 && strings.HasSuffix(t.lower, "ed") && !stopwords[t.lower]
	}
	var spkS, spkE, cue int
	if pastVerb(toks[k]) { // inverted: “…!” beamed Donald Hartley
		na, nb, ok := d.npAfter(k+1, end)
		if !ok || !toks[na].capitalized() || !d.invertedEnd(nb, end) {
			return
		}
		spkS, spkE, cue = na, nb, k
	} else { // “…,” Toomey fumed
		na, nb, ok := d.npAfter(k, end)
		if !ok || nb >= end || !pastVerb(toks[nb]) || !(toks[na].capitalized() || subjectPronouns[toks[na].lower]) {
			return
		}
		spkS, spkE, cue = na, nb, nb
	}
	// only a short adjunct may follow
	rest := 0
	for m := max(cue, spkE); m < end; m++ {
		if toks[m].seg >= 0 || toks[m].text == ":" || toks[m].lower == "that" {
			return
		}
		if toks[m].text == "," && m >= spkE && spkE > cue {
			break // "beamed Donald Hartley of Madison, Alabama, who …": about the speaker
		}
		rest++
	}
	if rest > 8 {
		return
	}
	a := attribution{cueS: cue, cueE: cue + 1, spkS: spkS, spkE: spkE, rel: -1, from: -1, sent: si, para: toks[cue].para}
	if d.setContent(&a, st.s, last+1) {
		d.add(a)
	}
}

// add records an attribution unless one with the same content exists.
func (d *doc) add(a attribution) {
	for _, b := range d.attrs {
		if b.tokS == a.tokS && b.tokE == a.tokE {
			return
		}
	}
	for k := a.tokS; k < a.tokE; k++ {
		if s := d.toks[k].seg; s >= 0 {
			d.claimed[s] = true
		}
	}
	d.attrs = append(d.attrs, a)
}

// tryCue builds the attribution of the cue at tokens [ci, ce).
func (d *doc) tryCue(si int, st sent, end, ci, ce int, f cueForm) (attribution, bool) {
	toks := d.toks
	a := attribution{cueS: ci, cueE: ce, spkS: -1, rel: -1, from: -1, sent: si, para: toks[ci].para}
	if f.verb.lemma == "according to" {
		na, nb, ok := d.npAfter(ce, end)
		if !ok || nb < end && toks[nb].kind == tkWord {
			// a source the name reader stops short of: "according to
			// exit polls", "according to polling by the A.F.L.-C.I.O."
			na, nb, ok = d.sourceAfter(ce, end)
		}
		if !ok {
			return a, false
		}
		a.spkS, a.spkE = na, nb
		if ci > st.s && (toks[ci-1].text == "," || toks[ci-1].text == "—" || toks[ci-1].text == "(") { // …, according to X.
			// "X, according to Y, Z": the sentence around the source
			if nb < end-1 && (toks[nb].text == "," || toks[nb].text == "—" || toks[nb].text == ")") {
				c := nb + 1
				if d.wordsIn(st.s, ci-1) < 3 {
					return a, d.setContent(&a, c, end)
				}
				if d.wordsIn(c, end) >= 2 && d.setParenthetical(&a, st.s, ci-1, c, end) {
					return a, true
				}
			}
			return a, d.setContent(&a, st.s, ci-1)
		}
		if w := d.wordsIn(st.s, ci); w >= 1 && w <= 2 && demonstrativeBe(toks[st.s:ci]) {
			// "That's according to early results of exit polls": the
			// demonstrative stands for what the sentence before said
			ok := d.setContent(&a, st.s, st.s+1)
			if b := contractionBase(toks[st.s].lower); ok && b != "" {
				a.e = a.s + len([]rune(b)) // "That", not "That's"
				a.parts[0][1] = a.e
			}
			return a, ok
		}
		// According to X, … : content after the next comma
		k := nb
		for k < end && toks[k].text != "," && k-nb < 25 {
			k++
		}
		if k >= end-1 {
			if ci > st.s && d.wordsIn(st.s, ci) >= 3 && !d.hasSegment(ci, end) {
				// "… 46 percent to 39 percent according to a CBS poll
				// released Monday": the source closes the sentence
				return a, d.setContent(&a, st.s, ci)
			}
			return a, false
		}
		return a, d.setContent(&a, k+1, end)
	}
	if a, ok := d.asReportedBy(a, st, ci, ce, end); ok {
		return a, true
	}
	if a, ok := d.passiveQuestion(a, st, ci, ce, end); ok {
		return a, true
	}
	if c, sa, sb, ok := d.frontedParticiple(st, ci, end); ok && f.participle {
		// "After announcing his support, Rubio …", "Citing “obligations
		// in Tennessee,” the spokeswoman told …": the adverbial holds the
		// content, the clause after it the speaker
		a.spkS, a.spkE = sa, sb
		if d.adjunctOnly(ce, c) {
			return a, false // "Testifying before Congress in 2007, he …"
		}
		return a, d.setContent(&a, ce, c)
	}
	// speaker before the cue, or before a verb that introduces it ("went
	// on to say", "began by saying", "took to Twitter to write")
	if sa, sb, ok := d.npBefore(st.s, d.catenativeStart(st.s, ci)); ok && !(f.participle && d.commaBefore(st.s, ci)) {
		if d.nounCue(f, sb, ci) {
			return a, false
		}
		// lowercase modifiers before a name right after a quotation:
		// "“…,” former presidential candidate Herman Cain said"
		if m := d.modifiersBefore(st.s, sa); m < sa && m > st.s && (toks[m-1].seg >= 0 || toks[m-1].text == ",") {
			sa = m
		}
		if f.participle && d.skipTimeWords(sb, ci) == ci && !d.personHead(toks[sb-1]) {
			// "issued a statement saying …": the clause subject speaks
			if ss, se, ok := d.subject(st.s, sa); ok && se <= sa {
				sa, sb = ss, se
			}
		}
		a.spkS, a.spkE = sa, sb
		a.rel = d.relBefore(sb, ci)
		if lo, hi, ok := d.relativeAttribution(st, sa, ce, end); ok && !f.participle {
			// "what she said is growing demand", "which critics say will
			// hurt …": the relative clause around the speaker
			return a, d.setContent(&a, lo, hi)
		}
		before := sa - 1
		tail := d.tailKind(ce, end)
		contentFirst := before >= st.s && (toks[before].text == "," || toks[before].seg >= 0 || toks[before].text == "—")
		// "In the long run, many economists say, this effect could …": an
		// attribution set off by commas inside its sentence keeps the
		// fronted words in the content
		inserted := ce < end-1 && toks[ce].text == "," && toks[ce].seg < 0 && d.continuation(ce, end) >= 0
		if contentFirst && !inserted && toks[before].text == "," && !d.hasSegment(st.s, before) && d.wordsIn(st.s, before) <= 4 && d.subjectFollows(f, ce, end) {
			// "Later in the day, the FBI said it would cooperate": a
			// short fronted adjunct is not the content
			contentFirst = false
		}
		if contentFirst && d.titleBefore(st.s, before) {
			// "Sunday on Fox News Channel’s “Sunday Morning Futures,”
			// Issa said …": a title is not the content
			contentFirst = false
		}
		if w := d.openingWord(st); contentFirst && toks[before].text == "," && w == "asked" && !d.hasSegment(st.s, before) && d.wordsIn(ce, end) >= 1 {
			// "Asked if he was ever bullied, the candidate said no": the
			// question is put to the speaker, not what he says
			contentFirst = false
		}
		if c, _, _, ok := d.frontedParticiple(st, d.participleOpening(st), end); contentFirst && ok && sa >= c && d.wordsIn(ce, end) >= 1 {
			// "Citing “obligations in Tennessee,” the spokeswoman told
			// POLITICO that …": a participial adverbial is not what the
			// subject says
			contentFirst = false
		}
		if w := d.openingWord(st); contentFirst && !inserted && toks[before].text == "," && (concessives[w] || frontedClauses[w]) && !d.hasSegment(st.s, before) && d.wordsIn(ce, end) > 2 {
			// "Even though it is legal, the women say officers …": the
			// fronted clause is not what they say
			contentFirst = false
		}
		clause := d.clauseFollows(ce, end) && !(f.verb.object && d.titleAt(ce, end))
		keep := d.closesQuote(st.s, before) && !clause && (d.onlySegments(st.s, before+1) || !d.subjectFollows(f, ce, end))
		if contentFirst && tail == tailClause && !keep {
			// "“…,” Smith said in August after …" keeps its quotation;
			// "…, Smith said that …" reports the clause after the cue
			contentFirst = false
		}
		if contentFirst && tail == tailComma && !d.hasSegment(st.s, before+1) && d.segAfterComma(ce, end) {
			if c := d.continuedQuote(ce, end); c >= 0 && d.wordsIn(st.s, before) >= 1 && d.setParenthetical(&a, st.s, before, c, end) {
				// "That, the commission said, “would be helpful …”": the
				// quotation finishes the sentence its subject began
				return a, true
			}
			contentFirst = false // "Pressed on it, Trump said, “…”"
		}
		if contentFirst && !inserted && toks[before].text == "," && d.adjunctOnly(st.s, before) {
			// "In a 1963 speech, he declared: “…”", "In the early 1990s,
			// Ms. Ripert said, …": a fronted adjunct is not the content
			contentFirst = false
		}
		if f.verb.needsQuote && !(contentFirst && d.onlySegments(st.s, before)) {
			contentFirst = false
		}
		if contentFirst {
			// content first: "…," Smith said (, "…")
			ce2 := before
			if toks[before].seg >= 0 {
				ce2 = before + 1
			} else if before-1 >= st.s && toks[before-1].seg >= 0 && toks[before].text == "," {
				ce2 = before // ",”" handled by segment; keep the comma out
			}
			if f.verb.class != cueSpeech && !d.hasSegment(st.s, ce2) && !f.participle {
				// report verbs rarely follow their content, but stand
				// inside it: "His leverage, they believe, isn't going
				// anywhere"
				if f.verb.needsThat {
					if c := d.continuation(ce, end); tail == tailComma && c >= 0 && d.wordsIn(st.s, ce2) >= 2 && d.setParenthetical(&a, st.s, ce2, c, end) {
						return a, true
					}
					return a, false
				}
			}
			if tail == tailComma && !d.onlySegments(st.s, ce2) {
				if c := d.continuation(ce, end); c >= 0 && d.setParenthetical(&a, st.s, ce2, c, end) {
					return a, true
				}
			}
			ok := d.setContent(&a, d.introducedQuote(st.s, ce2), ce2)
			if ok {
				d.extendSplit(&a, ce, end)
			}
			return a, ok
		}
		if f.participle && before >= st.s {
			// "Smith walked out, saying …": the participle's subject is the clause subject
			if toks[sb-1].seg >= 0 {
				return a, false
			}
		}
		return a, d.contentAfter(&a, f, ce, end)
	}
	// coordinated verbs: "Smith shook her head and said, …"
	if j := d.skipAdverbs(st.s, d.catenativeStart(st.s, ci)); j >= st.s && (d.toks[j].lower == "and" || d.toks[j].lower == "but") {
		if prev := d.lastAttrIn(si); prev >= 0 && d.attrs[prev].spkS >= 0 {
			if d.insideReportedClause(d.attrs[prev], j) {
				return a, false
			}
			// "He called it “careless,” and said …": the same speaker
			a.spkS, a.spkE, a.rel = d.attrs[prev].spkS, d.attrs[prev].spkE, d.attrs[prev].rel
			return a, d.contentAfter(&a, f, ce, end)
		} else if !f.participle {
			// "Asked whether …, Mrs. Clinton shook her head and said, …":
			// the subject of the clause (the question has no speaker)
			if sa, sb, ok := d.subject(st.s, j); ok && sb <= j {
				a.spkS, a.spkE = sa, sb
				if ia, ib, ok := d.innerSubject(sb, j+1); ok && !d.commaWithin(ib, j) {
					// "The crowd cheered when Trump spotted a sign and
					// asked …": the verbs share the nearest clause's subject
					a.spkS, a.spkE = ia, ib
				}
				return a, d.contentAfter(&a, f, ce, end)
			}
		}
	}
	// participle after a comma: the subject of the clause speaks
	if f.participle && ci > st.s && (d.commaBefore(st.s, ci) || participlePreps[toks[ci-1].lower] && toks[ci-1].seg < 0) {
		cl := d.lastClauseStart(st.s, ci)
		if prev := d.lastAttrIn(si); prev >= 0 && d.attrs[prev].spkS >= 0 && d.attrs[prev].cueS >= cl {
			a.spkS, a.spkE = d.attrs[prev].spkS, d.attrs[prev].spkE
		} else if sa, sb, ok := d.subject(cl, ci); ok {
			a.spkS, a.spkE = sa, sb
			if ia, ib, ok := d.innerSubject(sb, ci); ok && !d.personSpeaker(sa, sb) {
				a.spkS, a.spkE = ia, ib
			}
		} else {
			return a, false
		}
		return a, d.contentAfter(&a, f, ce, end)
	}
	// inverted: "…," said Smith
	// (signs and messages are read: "“America is great!” read one")
	if (f.verb.class == cueSpeech || f.verb.lemma == "read" && d.closesQuote(st.s, ci-1)) && ci > st.s && (toks[ci-1].text == "," || toks[ci-1].seg >= 0) {
		na, nb, ok := d.npAfter(ce, end)
		if !ok || !d.invertedEnd(nb, end) {
			return d.appositiveSubject(a, f, st, ci, ce, end)
		}
		a.spkS, a.spkE = na, nb
		ce2 := ci - 1
		if toks[ci-1].seg >= 0 {
			ce2 = ci
		}
		if !d.hasSegment(st.s, ce2) && d.wordsIn(st.s, ce2) <= 2 && nb < end-1 && toks[nb].text == "," {
			// "But, said Solovey, “I don't want …”": the content follows
			return a, d.setContent(&a, nb+1, end)
		}
		ok = d.setContent(&a, st.s, ce2)
		if ok {
			d.extendSplit(&a, nb, end)
		}
		return a, ok
	}
	if ci > st.s && toks[ci-1].text == "," {
		return d.appositiveSubject(a, f, st, ci, ce, end)
	}
	// sentence-initial inversion: "Said Comey, “The thought …”"
	if ci == st.s && f.verb.class == cueSpeech && !f.participle {
		if na, nb, ok := d.npAfter(ce, end); ok && nb < end-1 && (toks[nb].text == "," || toks[nb].text == ":") {
			a.spkS, a.spkE = na, nb
			return a, d.setContent(&a, nb+1, end)
		}
	}
	return a, false
}

// relativeAttribution finds the content of a cue whose speaker at sa
// follows a relative or wh- word and whose clause goes on with a verb
// after it ("adapted to what she said is growing demand", "30
// applicants, which he said were evenly split", "the tax, which critics
// say will hurt …"): the clause from that word, the speaker and cue
// inside it, to the comma that closes a comma-bounded relative clause or
// to the end of the sentence.
func (d *doc) relativeAttribution(st sent, sa, ce, end int) (int, int, bool) {
	toks := d.toks
	r := sa - 1
	if r < st.s || toks[r].seg >= 0 || !(toks[r].lower == "what" || toks[r].lower == "which" || toks[r].lower == "that" || toks[r].lower == "who") {
		return 0, 0, false
	}
	k := d.skipTimeWords(ce, end)
	if k >= end || toks[k].seg >= 0 || toks[k].kind != tkWord || !(relativeVerbs[toks[k].lower] || toks[k].lower == "remains" || toks[k].lower == "remain") {
		return 0, 0, false
	}
	hi := end
	if r-1 >= st.s && toks[r-1].text == "," && toks[r-1].seg < 0 {
		for m := k + 1; m < end; m++ {
			if toks[m].text == "," && toks[m].seg < 0 {
				hi = m
				break
			}
		}
	}
	return r, hi, true
}

// relBefore returns the relative pronoun that stands for the speaker
// between the end of its noun phrase at sb and the cue at ci ("Smith,
// who said", "Zucker, who in the past has voiced"): the last one within
// four tokens of the cue, or -1.
func (d *doc) relBefore(sb, ci int) int {
	for j := ci - 1; j >= sb && j >= ci-4; j-- {
		if d.toks[j].kind == tkWord && relativePronouns[d.toks[j].lower] {
			return j
		}
	}
	return -1
}

// lastClauseStart returns where the last independent clause before token
// ci starts: after a semicolon or a comma then "and" or "but" ("Protest
// groups say …, and the A.C.L.U. has sued the city, saying …"), or lo.
func (d *doc) lastClauseStart(lo, ci int) int {
	toks := d.toks
	for k := ci - 2; k > lo; k-- {
		t := toks[k]
		if t.seg >= 0 {
			continue
		}
		if t.text == ";" {
			return k + 1
		}
		if (t.lower == "and" || t.lower == "but") && toks[k-1].text == "," && toks[k-1].seg < 0 {
			if _, _, ok := d.npAfter(k+1, ci); ok {
				return k + 1
			}
		}
	}
	return lo
}

// isTime reports whether token k is a time word of an adjunct ("on
// Tuesday", "this week", "later"); "this" and "last" are only when a time
// noun follows ("said this week", not "said this is bad").
func (d *doc) isTime(k int) bool {
	l := d.toks[k].lower
	if !timeWords[l] {
		return false
	}
	if l == "this" || l == "last" {
		n := k + 1
		return n < len(d.toks) && d.toks[n].kind == tkWord && (timeWords[d.toks[n].lower] || weekdays[d.toks[n].lower])
	}
	return true
}

// skipTimeWords returns the first token from k on that is not a time
// word ("Tuesday", "today"), at most hi.
func (d *doc) skipTimeWords(k, hi int) int {
	for k < hi && d.toks[k].kind == tkWord && d.toks[k].seg < 0 && d.isTime(k) {
		k++
	}
	return k
}

// invertedEnd reports whether the speaker of an inverted attribution can
// end at token nb: "…,” said Smith." / "said Smith, a …" / "said Smith on
// Tuesday", but not "…, said his boss was kind" (the subject of a
// reported clause).
func (d *doc) invertedEnd(nb, end int) bool {
	if nb >= end {
		return true
	}
	n := d.toks[nb]
	if n.kind != tkWord || n.seg >= 0 {
		return true
	}
	if p := d.toks[nb-1]; subjectPronouns[p.lower] && nb-1 > 0 && d.lx.isCueAt(d.toks, nb-2) {
		return timeWords[n.lower] || afterInverted[n.lower] // "…, said he would" is not inverted
	}
	return !(clauseVerbs[n.lower] || strings.HasSuffix(n.lower, "n't") || strings.HasSuffix(n.lower, "n’t") || n.lower == "that")
}

// appositiveSubject attributes a cue that follows a long apposition or
// other comma-delimited insertion ("Kevin Brady, chairman of the House
// Ways and Means Committee, said that …") to the subject of the sentence,
// when the cue introduces a reported clause or a quotation.
func (d *doc) appositiveSubject(a attribution, f cueForm, st sent, ci, ce, end int) (attribution, bool) {
	toks := d.toks
	if f.participle || ce >= end {
		return a, false
	}
	k := ce
	for k < end && k < ce+4 && toks[k].kind == tkWord && toks[k].seg < 0 && d.isTime(k) {
		k++
	}
	if k >= end {
		return a, false
	}
	n := toks[k]
	if !(n.lower == "that" && n.kind == tkWord || n.text == ":" || n.seg >= 0 && d.segs[n.seg].open == k || n.text == "," && k+1 < end && toks[k+1].seg >= 0) {
		return a, false
	}
	sa, sb, ok := d.subject(st.s, ci)
	if !ok || sb >= ci || !d.commaWithin(sb, min(ci, sb+6)) {
		return a, false
	}
	a.spkS, a.spkE = sa, sb
	return a, d.contentAfter(&a, f, ce, end)
}

// commaWithin reports whether a comma lies in tokens [lo, hi).
func (d *doc) commaWithin(lo, hi int) bool {
	for k := lo; k < hi; k++ {
		if d.toks[k].text == "," && d.toks[k].seg < 0 {
			return true
		}
	}
	return false
}

// modifiersBefore returns where a run of up to four lowercase modifiers
// ending before token sa starts (sa when there is none).
func (d *doc) modifiersBefore(lo, sa int) int {
	m := sa
	for m-1 >= lo && sa-(m-1) <= 4 {
		t := d.toks[m-1]
		if t.kind != tkWord || t.seg >= 0 || t.capitalized() || stopwords[t.lower] || auxAdverbs[t.lower] {
			break
		}
		if _, cue := d.lx.match(d.toks, m-1); cue {
			break
		}
		m--
	}
	return m
}

// nounCue reports whether the cue at token ci, right after the noun phrase
// ending at sb, is a noun modified by that phrase ("a private email", "his
// opening remarks") rather than its verb.
func (d *doc) nounCue(f cueForm, sb, ci int) bool {
	if sb != ci || f.participle || !nounCues[firstField(f.verb.lemma)] {
		return false
	}
	w := d.toks[ci].lower
	if w != f.verb.lemma && !strings.HasSuffix(w, "s") {
		return false // a past form is a verb
	}
	if ce := ci + len(f.words); ce < len(d.toks) {
		n := d.toks[ce]
		if n.seg >= 0 || n.text == "," || n.text == ":" || n.kind == tkWord && verbSignal[n.lower] {
			return false // "… shows that", "… states: “…”"
		}
	}
	h := d.toks[ci-1]
	if w == f.verb.lemma && ci >= 2 && singularDeterminers[d.toks[ci-2].lower] && !isPossessive(h) {
		return true // "a Republican state representative": a singular subject takes "states"
	}
	if h.capitalized() || isPossessive(h) {
		return false
	}
	return !nounLike(h.lower) || isNumber(h.text) || determiners[h.lower]
}

// singularDeterminers open a singular noun phrase, whose present-tense verb
// ends in s.
var singularDeterminers = set("a", "an", "another", "each", "every")

// personHead reports whether t can head the subject of a participle cue
// right after it ("Smith saying", "officials warning") rather than be its
// object ("a statement saying").
func (d *doc) personHead(t tok) bool {
	if t.capitalized() || isPossessive(t) || subjectPronouns[t.lower] || roleNouns[t.lower] {
		return !documentNouns[t.lower]
	}
	return false
}

// continuation returns where a sentence resumes after a parenthetical
// attribution ("Biden, Rubio said, had been in the Senate …": the token
// after the comma that closes "Rubio said"), or -1 when what follows the
// comma is an adjunct of the attribution (", adding …", ", in a statement").
func (d *doc) continuation(ce, end int) int {
	toks := d.toks
	for k := ce; k < end && k < ce+7; k++ {
		if toks[k].seg >= 0 || isTerminal(toks[k]) {
			return -1
		}
		if toks[k].text != "," {
			continue
		}
		c := k + 1
		if c >= end {
			return -1
		}
		n := toks[c]
		if n.seg >= 0 || n.kind != tkWord || notContinuation[n.lower] || strings.HasSuffix(n.lower, "ing") {
			return -1
		}
		words := 0
		for m := c; m < end; m++ {
			if toks[m].kind == tkWord {
				words++
			}
		}
		if words < 2 {
			return -1
		}
		return c
	}
	return -1
}

// setParenthetical sets the content to a sentence interrupted by its
// attribution: tokens [lo, hi) and [c, end).
func (d *doc) setParenthetical(a *attribution, lo, hi, c, end int) bool {
	var p1, p2 attribution
	if !d.setContent(&p1, lo, hi) || !d.setContent(&p2, c, end) {
		return false
	}
	if !d.setContent(a, lo, end) {
		return false
	}
	a.direct = d.hasSegment(lo, end)
	a.s, a.e = p1.s, p2.e
	a.parts = append(a.parts[:0], [2]int{p1.s, p1.e}, [2]int{p2.s, p2.e})
	return true
}

// closesQuote reports whether the text [lo, i] ends with a quotation
// (and maybe a comma after it): "“…,” Smith said …", "The “…,” he said".
func (d *doc) closesQuote(lo, i int) bool {
	if i < lo {
		return false
	}
	if d.toks[i].seg >= 0 {
		return true
	}
	return d.toks[i].text == "," && i-1 >= lo && d.toks[i-1].seg >= 0
}

// sentOf returns the sentence holding token i.
func (d *doc) sentOf(i int) sent {
	lo, hi := 0, len(d.sents)
	for lo < hi {
		m := (lo + hi) / 2
		if d.sents[m].e <= i {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(d.sents) {
		return d.sents[lo]
	}
	return sent{}
}

// wordsIn counts the word tokens in [lo, hi).
func (d *doc) wordsIn(lo, hi int) int {
	n := 0
	for k := lo; k < hi; k++ {
		if d.toks[k].kind == tkWord {
			n++
		}
	}
	return n
}

// sourceAfter reads the source of "according to": the words up to the
// next punctuation, at most 15.
func (d *doc) sourceAfter(i, hi int) (int, int, bool) {
	k := i
	for k < hi && k-i < 25 && d.toks[k].kind == tkWord && d.toks[k].seg < 0 {
		k++
	}
	if k == i || k-i >= 25 {
		return 0, 0, false
	}
	return i, k, true
}

// clauseFollows reports whether a cue ending at token ce is followed,
// after time adjuncts, by a reported clause: "that", a colon or a
// quotation.
func (d *doc) clauseFollows(ce, end int) bool {
	k := ce
	for k < end && k < ce+4 && d.toks[k].kind == tkWord && d.toks[k].seg < 0 && d.isTime(k) {
		k++
	}
	if k >= end {
		return false
	}
	n := d.toks[k]
	return n.kind == tkWord && n.seg < 0 && n.lower == "that" || n.text == ":" || n.seg >= 0
}

// titleAt reports whether a short quotation opens at token k, like the
// title of a show after a listener cue ("told “Fox and Friends” after …").
func (d *doc) titleAt(k, end int) bool {
	if k >= end || d.toks[k].seg < 0 || d.segs[d.toks[k].seg].open != k {
		return false
	}
	sg := d.segs[d.toks[k].seg]
	if sg.close < 0 {
		return false
	}
	words := 0
	for m := k + 1; m < sg.close; m++ {
		if d.toks[m].kind == tkWord {
			words++
			if !d.toks[m].capitalized() && !npConnectors[d.toks[m].lower] && d.toks[m].lower != "the" {
				return false
			}
		} else if d.toks[m].text != "&" {
			return false
		}
	}
	return words > 0 && words <= 6
}

// subjectFollows reports whether the word after a cue that takes no
// object opens the subject of a reported clause ("… the senator said his
// campaign was …").
func (d *doc) subjectFollows(f cueForm, ce, end int) bool {
	if f.verb.object || ce >= end {
		return false
	}
	n := d.toks[ce]
	return n.kind == tkWord && n.seg < 0 && !d.isTime(ce) && (verbSignal[n.lower] || determiners[n.lower] && n.lower != "one")
}

// lastAttrIn returns the last attribution of sentence si, or -1.
func (d *doc) lastAttrIn(si int) int {
	for k := len(d.attrs) - 1; k >= 0; k-- {
		if d.attrs[k].sent == si {
			return k
		}
		if d.attrs[k].sent < si {
			break
		}
	}
	return -1
}

// onlySegments reports whether tokens [lo, hi) are quotations and punctuation.
func (d *doc) onlySegments(lo, hi int) bool {
	any := false
	for k := lo; k < hi; k++ {
		if d.toks[k].seg >= 0 {
			any = true
		} else if d.toks[k].kind != tkPunct {
			return false
		}
	}
	return any
}

func (d *doc) hasSegment(lo, hi int) bool {
	for k := lo; k < hi; k++ {
		if d.toks[k].seg >= 0 {
			return true
		}
	}
	return false
}

// contentAfter sets the content of a cue whose speaker precedes it:
// "Smith said (Tuesday) (that) …", "Smith told reporters: “…”".
func (d *doc) contentAfter(a *attribution, f cueForm, ce, end int) bool {
	toks := d.toks
	k := ce
	if f.verb.object && k < end && toks[k].kind == tkWord && toks[k].seg < 0 && toks[k].lower != "that" {
		if objectWords[toks[k].lower] {
			k++
			if k < end && titleObjects[toks[k-1].lower] && toks[k].kind == tkWord && toks[k].seg < 0 && toks[k].capitalized() && !subjectPronouns[toks[k].lower] {
				if na, nb, ok := d.npAfter(k, end); ok && na == k {
					k = nb // "told host Chris Cuomo she …": the title and the name
				}
			}
		} else if _, nb, ok := d.npAfter(k, end); ok {
			k = nb
		}
		// an object with a quoted title: told ABC’s “Good Morning America” that …
		for m := k; m < end && m < k+12; m++ {
			t := toks[m]
			if t.seg < 0 && t.kind == tkWord && t.lower == "that" {
				if m > k && d.hasSegment(k, m) && (toks[m-1].seg >= 0 || toks[m-1].text == "," && toks[m-2].seg >= 0) {
					k = m
				}
				break
			}
			if t.seg < 0 && t.kind == tkPunct {
				break
			}
		}
	}
	cs := -1
	if a.spkS > 0 && toks[a.spkS-1].lower == "as" && toks[a.spkS-1].seg < 0 {
		// "As the Global Times noted in an op-ed Thursday, the leading
		// candidate …": the main clause after the comma
		if c := d.commaAfter(k, end, 15); c >= 0 && c+1 < end {
			cs = c + 1
		}
	}
	for m := k; cs < 0 && m < end && m < k+14; m++ {
		t := toks[m]
		if m == k && d.opensClause(t) {
			// "insisted she hadn't discussed that with Clinton",
			// "reiterated his belief that …": the clause or object starts
			// here, and a later "that" is inside it
			cs = m
			break
		}
		if t.seg >= 0 {
			if m == k || toks[m-1].text == "," || toks[m-1].text == ":" {
				cs = m
			}
			break
		}
		if t.lower == "that" && t.kind == tkWord {
			cs = m
			break
		}
		if t.text == ":" {
			cs = m + 1
			break
		}
		if t.kind == tkPunct && t.text != "," {
			break
		}
		if _, _, cue := d.cueAt(m, end); cue && m > k {
			break
		}
	}
	if cs < 0 {
		cs = k
		for cs < end && toks[cs].kind == tkWord && toks[cs].seg < 0 && d.isTime(cs) {
			cs++
		}
		for cs < end && toks[cs].kind == tkPunct && (toks[cs].text == "," || toks[cs].text == ":") {
			cs++
		}
	}
	if cs >= end {
		a.pending = f.verb.class == cueSpeech && !f.participle
		a.tokS, a.tokE = end, end
		if a.pending {
			d.attrs = append(d.attrs, *a)
		}
		return false
	}
	if (f.verb.toObject && toks[cs].lower == "to" || topicPreps[f.verb.lemma][toks[cs].lower]) && toks[cs].seg < 0 && cs+1 < end && toks[cs+1].kind == tkWord {
		cs++ // "did not respond to requests for comment", "warned of a recession"
	}
	first := toks[cs]
	if first.seg < 0 {
		if first.kind == tkWord && (first.lower == "no" || first.lower == "yes" || first.lower == "so") && f.verb.class == cueSpeech && !f.verb.object && cs+1 == end {
			// "he said no.", "after half said so in the earlier poll": a
			// one-word answer that ends the sentence
			return d.setContent(a, cs, cs+1)
		}
		if first.kind != tkWord || badContentStart[first.lower] && !(first.lower == "to" && f.verb.toInf) {
			return false
		}
		if f.verb.needsThat && !clauseStart[first.lower] {
			return false
		}
		if f.verb.quoteOrThat && first.lower != "that" && !(cs > ce && (toks[cs-1].text == ":" || toks[cs-1].text == ",")) {
			return false
		}
	}
	if f.verb.needsQuote && !d.hasSegment(cs, end) {
		return false
	}
	if first.lower == "to" && first.seg < 0 && f.verb.toInf && cs > ce && toks[ce].kind == tkWord && toks[ce].seg < 0 {
		// "urged the department to process …", "asked the court to
		// intervene": the listener belongs to the reported request
		cs = ce
	}
	ce2 := d.trimTrailingAttribution(cs, end)
	ce2 = d.cutAtNextAttribution(cs, ce2)
	if d.adjunctOnly(cs, ce2) {
		return false
	}
	if st := d.sentOf(ce - 1); subordinators[toks[st.s].lower] {
		// "While she says she will not vote for him, she applauds …":
		// the reported clause ends with the fronted clause
		for k := st.s; k < ce2; k++ {
			if toks[k].text == "," && toks[k].seg < 0 {
				if k > cs {
					ce2 = k
				}
				break
			}
		}
	}
	return d.setContent(a, cs, ce2)
}

// titleObjects are listeners named by a title before their name ("told
// host Chris Cuomo she …").
var titleObjects = set("host", "anchor", "moderator", "interviewer", "reporter", "correspondent")

// cutAtNextAttribution ends a reported clause before a coordinated clause
// that carries an attribution of its own: "He said he had not seen it,
// and when asked whether …, he said, “I hope not.”" ends at "seen it".
func (d *doc) cutAtNextAttribution(cs, end int) int {
	toks := d.toks
	for k := cs + 2; k < end-1; k++ {
		t := toks[k]
		if t.seg < 0 && (t.lower == "and" || t.lower == "but") && t.kind == tkWord {
			// "confirmed she had been and said, “…”", "said it was too
			// early but added, “…”": a coordinated cue
			j := k + 1
			for j < end && j < k+3 && toks[j].kind == tkWord && (auxAdverbs[toks[j].lower] || isAdverb(toks[j].lower)) {
				j++
			}
			if j < end {
				if f, ok := d.lx.match(toks, j); ok && (f.verb.class == cueSpeech || f.participle) {
					return k
				}
			}
			if p := toks[k-1]; p.seg >= 0 && d.segs[p.seg].close == k-1 || p.text == "," && p.seg < 0 {
				// "21 percent said “not too likely” and 14 percent said
				// …": a clause with a speaker and a cue of its own
				for m := k + 2; m < end && m <= k+5; m++ {
					if f, ok := d.lx.match(toks, m); ok && f.verb.class == cueSpeech && !f.participle {
						if sa, sb, ok := d.npEndingAt(k+1, m-1); ok && sa == k+1 && sb == m {
							return k
						}
						break
					}
				}
			}
			continue
		}
		if t.seg < 0 && t.text == ":" && d.attributedQuoteAt(k+1, end) {
			// "asserted that France had lost its identity: “France is no
			// longer France,” he claimed": the quotation is the next cue's
			return k
		}
		if t.seg >= 0 || !(t.text == "," || t.text == ";" || t.text == "—") {
			continue
		}
		if n := toks[k+1]; t.text == "," && n.kind == tkWord && n.seg < 0 && strings.HasSuffix(n.lower, "ing") && d.cueVerbAt(k+1, learnedThresholdOther) {
			// "endorsed Cruz last week, saying he “has …”", "decried the
			// ban, noting he has “sacrificed nothing”": a participle cue
			// after a comma reports content of its own
			return k
		}
		n := toks[k+1]
		if t.text == "," && !(n.kind == tkWord && n.seg < 0 && coordinators[n.lower]) {
			continue
		}
		for m := k + 1; m < end && m < k+16; m++ {
			if toks[m].seg >= 0 {
				break
			}
			if f, ok := d.lx.match(toks, m); ok && !f.participle && (f.verb.class == cueSpeech || toks[m+len(f.words)-1].lower != toks[m].lower || m+len(f.words) < end && toks[m+len(f.words)].lower == "that") {
				if m > k+1 && !determiners[toks[m-1].lower] {
					return k
				}
			}
		}
	}
	return end
}

// cueVerbAt reports whether token j is a cue verb: a curated cue or a
// word the learned model scores at least th as a cue in its context, not
// a name or a noun after a determiner.
func (d *doc) cueVerbAt(j int, th float64) bool {
	t := d.toks[j]
	if t.kind != tkWord || t.seg >= 0 || t.capitalized() {
		return false
	}
	if j > 0 && determiners[d.toks[j-1].lower] {
		return false
	}
	if _, ok := d.lx.match(d.toks, j); ok {
		return true
	}
	wm := d.model.cueWord(t.lower)
	if wm == nil || !d.candidate(j) {
		return false
	}
	p, _ := wm.score(d.prevClass(j), d.nextClass(j))
	return p >= th
}

// trimTrailingAttribution cuts a closing attribution clause off a content
// range: "…that cuts are likely, it said" ends before ", it said".
func (d *doc) trimTrailingAttribution(cs, end int) int {
	for k := end - 1; k > cs && end-k <= 9; k-- {
		t := d.toks[k]
		if t.seg >= 0 {
			break
		}
		if t.text != "," {
			continue
		}
		for m := k + 1; m < end; m++ {
			if f, ok := d.lx.match(d.toks, m); ok && !f.participle && (f.verb.class == cueSpeech || f.verb.lemma == "report" || f.verb.lemma == "write") {
				// "…, it said" / "…, the Washington Examiner reported",
				// not "…, 000 pages of emails by July"
				if sa, _, ok := d.npBefore(k+1, m); ok && sa == k+1 {
					return k
				}
			}
		}
	}
	return end
}

// tail kinds: what follows a cue in its sentence.
const (
	tailEnd    = iota // nothing but a short adjunct (", he said in a statement.")
	tailComma         // an adjunct, then a comma and more ("…, he said, “…”")
	tailClause        // a reported clause ("he said that …")
)

func (d *doc) tailKind(ce, end int) int {
	toks := d.toks
	for k := ce; k < end; k++ {
		t := toks[k]
		if t.seg >= 0 && d.segs[t.seg].open == k && d.titleQuote(t.seg) {
			k = d.segs[t.seg].close // "he said on MSNBC’s “Morning Joe.”": a title is an adjunct
			continue
		}
		switch {
		case t.seg >= 0:
			if k > ce && (toks[k-1].text == "," || toks[k-1].text == ":") {
				return tailComma
			}
			return tailClause
		case k-ce >= 7:
			return tailClause
		case t.text == ",":
			return tailComma
		case t.text == ":" || t.lower == "that" && t.kind == tkWord:
			return tailClause
		case k-ce >= 8:
			return tailClause
		}
		if _, _, cue := d.cueAt(k, end); cue && k > ce {
			return tailClause
		}
	}
	return tailEnd
}

// attributedQuoteAt reports whether a quotation opens at token k and an
// attribution clause of its own follows it ("“…,” he claimed").
func (d *doc) attributedQuoteAt(k, end int) bool {
	toks := d.toks
	if k >= end || toks[k].seg < 0 || d.segs[toks[k].seg].open != k {
		return false
	}
	r := k
	for r < end && (toks[r].seg >= 0 || toks[r].text == ",") {
		r++
	}
	for m := r; m < end && m < r+5; m++ {
		if toks[m].kind != tkWord || toks[m].seg >= 0 {
			return false
		}
		if f, ok := d.lx.match(toks, m); ok && f.verb.class == cueSpeech && !f.participle {
			return true
		}
	}
	return false
}

// commaAfter returns the first comma outside quotations in tokens [k,
// end) within max tokens, or -1 when a quotation or sentence end comes
// first.
func (d *doc) commaAfter(k, end, max int) int {
	for m := k; m < end && m < k+max; m++ {
		t := d.toks[m]
		if t.seg >= 0 || isTerminal(t) {
			return -1
		}
		if t.text == "," {
			return m
		}
	}
	return -1
}

// asReportedBy attributes "As reported by X, …" (and "as noted by X"):
// the source follows "by", the content is the clause after the comma.
func (d *doc) asReportedBy(a attribution, st sent, ci, ce, end int) (attribution, bool) {
	toks := d.toks
	if ci == st.s || toks[ci-1].lower != "as" || ce >= end || toks[ce].lower != "by" {
		return a, false
	}
	na, nb, ok := d.npAfter(ce+1, end)
	if !ok {
		return a, false
	}
	c := d.commaAfter(nb, end, 12)
	if c < 0 || c+1 >= end {
		return a, false
	}
	a.spkS, a.spkE = na, nb
	return a, d.setContent(&a, c+1, end)
}

// introducedQuote returns where the content of a content-first
// attribution ending at token hi starts: at the quotation that closes it
// when a colon or a cue of its own introduces that quotation ("Clinton
// seemed irritated: “It's a public statement!” she wrote", "… but added,
// “I strongly support him,” Pence said"), else at lo.
func (d *doc) introducedQuote(lo, hi int) int {
	toks := d.toks
	q := hi - 1
	for q > lo && (toks[q].seg >= 0 || toks[q].text == "," && toks[q].seg < 0) {
		q--
	}
	if q <= lo || q == hi-1 || toks[q+1].seg < 0 || d.segs[toks[q+1].seg].open != q+1 {
		return lo
	}
	if toks[q].text == ":" && toks[q].seg < 0 {
		return q + 1
	}
	return lo
}

// continuedQuote returns the token that opens a quotation after the first
// comma following token ce when the quotation starts in lower case,
// continuing a sentence ("…, he said, “could be a good time …”"), or -1.
func (d *doc) continuedQuote(ce, end int) int {
	for k := ce; k < end-2; k++ {
		if d.toks[k].text != "," {
			continue
		}
		n, w := d.toks[k+1], d.toks[k+2]
		if n.seg >= 0 && d.segs[n.seg].open == k+1 && w.seg == n.seg && w.kind == tkWord && !w.capitalized() && !isNumber(w.text) {
			return k + 1
		}
		return -1
	}
	return -1
}

// segAfterComma reports whether a quotation opens right after the first
// comma following token ce.
func (d *doc) segAfterComma(ce, end int) bool {
	for k := ce; k < end-1; k++ {
		if d.toks[k].text == "," {
			n := d.toks[k+1]
			return n.seg >= 0 && d.segs[n.seg].open == k+1
		}
	}
	return false
}

// extendSplit continues a content-first quotation after its attribution
// clause: "“The first,” he said, “is concern.”"
func (d *doc) extendSplit(a *attribution, from, end int) {
	if !a.direct {
		return
	}
	toks := d.toks
	k := from
	for k < end && k-from < 12 && toks[k].seg < 0 && !isTerminal(toks[k]) {
		if _, _, cue := d.cueAt(k, end); cue {
			return // "…,” she said, adding, “…”: the second quotation is the participle's
		}
		if toks[k].text == "," && k+1 < end && toks[k+1].seg >= 0 && d.segs[toks[k+1].seg].open == k+1 {
			last := k + 1
			for m := k + 1; m < end; m++ {
				if toks[m].seg >= 0 {
					last = m
				} else if toks[m].kind != tkPunct {
					break
				}
			}
			sg := d.segs[toks[last].seg]
			a.e = sg.e
			a.parts = d.onePart(a.parts, [2]int{d.segs[toks[k+1].seg].s, sg.e})
			for m := k + 1; m <= last; m++ {
				if s := toks[m].seg; s >= 0 {
					d.claimed[s] = true
				}
			}
			a.tokE = last + 1
			return
		}
		k++
	}
}

// setContent sets the content to tokens [lo, hi): one or more quotations
// make a direct quote covering the text inside the marks; any other text
// with a quotation in it is a mixed quote (kind direct, marks included);
// text without one is indirect.
func (d *doc) setContent(a *attribution, lo, hi int) bool {
	toks := d.toks
	for lo < hi && toks[lo].kind == tkPunct && toks[lo].seg < 0 {
		lo++
	}
	for hi > lo && toks[hi-1].kind == tkPunct && toks[hi-1].seg < 0 {
		hi--
	}
	if hi <= lo {
		return false
	}
	lo = d.skipDateline(lo, hi)
	a.tokS, a.tokE = lo, hi
	onlyQuotes, words, anySeg := true, 0, false
	for k := lo; k < hi; k++ {
		if toks[k].seg >= 0 {
			anySeg = true
		} else if toks[k].kind != tkPunct {
			onlyQuotes = false
		}
		if toks[k].kind == tkWord {
			words++
		}
	}
	if words == 0 {
		return false
	}
	a.parts = a.parts[:0]
	if anySeg && onlyQuotes {
		a.direct = true
		for k := lo; k < hi; k++ {
			if s := toks[k].seg; s >= 0 && d.segs[s].open == k {
				a.parts = d.onePart(a.parts, [2]int{d.segs[s].s, d.segs[s].e})
			}
		}
		if len(a.parts) == 0 { // content starts inside a segment
			s := d.segs[toks[lo].seg]
			a.parts = d.onePart(a.parts, [2]int{s.s, s.e})
		}
		for i := range a.parts {
			a.parts[i][0], a.parts[i][1] = d.trimSpace(a.parts[i][0], a.parts[i][1])
		}
		a.s, a.e = a.parts[0][0], a.parts[len(a.parts)-1][1]
		return a.e > a.s
	}
	a.direct = anySeg
	a.s, a.e = toks[lo].s, toks[hi-1].e
	a.parts = d.onePart(a.parts, [2]int{a.s, a.e})
	return true
}

// commaBefore reports whether a comma outside quotations precedes token i,
// right before it or before adverbs ("…,” he said, not even suggesting
// …", "…, often citing …").
func (d *doc) commaBefore(lo, i int) bool {
	if i <= lo {
		return false
	}
	j := i - 1
	for j > lo && i-j <= 3 && d.toks[j].kind == tkWord && d.toks[j].seg < 0 && !d.toks[j].capitalized() && (auxAdverbs[d.toks[j].lower] || isAdverb(d.toks[j].lower)) {
		j--
	}
	return d.toks[j].text == "," && d.toks[j].seg < 0
}

// demonstrativeBe reports whether ts are a demonstrative and a form of
// "be" ("That's", "That is", "This was").
func demonstrativeBe(ts []tok) bool {
	if len(ts) == 0 || ts[0].kind != tkWord {
		return false
	}
	w := ts[0].lower
	if b := contractionBase(w); b != "" && len(ts) == 1 {
		return demonstratives[b] && (strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s"))
	}
	return len(ts) == 2 && demonstratives[w] && beForms[ts[1].lower]
}

var demonstratives = set("that", "this", "these", "those")

// adjunctOnly reports whether the words [lo, hi) are an adjunct or a
// verb particle, not something reported: a phrase of at most four words
// that opens with a preposition of time, place or manner ("in 2014", "by
// CBN", "from Washington", "as refugees"), or any phrase that opens with
// the particle of a phrasal verb ("took up …", "stepped down …").
func (d *doc) adjunctOnly(lo, hi int) bool {
	if lo >= hi {
		return false
	}
	t := d.toks[lo]
	if t.kind != tkWord || t.seg >= 0 || d.hasSegment(lo, hi) {
		return false
	}
	return verbParticles[t.lower] || d.wordsIn(lo, hi) <= 4 && adjunctPrepositions[t.lower]
}

var (
	adjunctPrepositions = set("in", "on", "at", "by", "from", "during", "as", "since", "until", "into", "via", "before",
		"after")
	verbParticles = set("up", "down")
)

// skipDateline returns where content starting at lo begins after a
// dateline ("WASHINGTON (AP) — Donald Trump has …").
func (d *doc) skipDateline(lo, hi int) int {
	t := d.toks[lo]
	if t.kind != tkWord || t.seg >= 0 || len(t.text) < 3 || !upperOnly(t.text) || !t.capitalized() {
		return lo
	}
	for m := lo + 1; m < hi-1 && m < lo+10; m++ {
		if d.toks[m].seg >= 0 {
			return lo
		}
		if d.toks[m].text == "—" || d.toks[m].text == "–" || d.toks[m].text == "--" {
			return m + 1
		}
	}
	return lo
}

// datelineEnd returns the token after the dash of a dateline that opens
// the sentence at lo ("WASHINGTON, Dec. 8 (UPI) — …", "New York (AFP) –
// …", "ORLANDO, Fla. (Reuters) - …"), or lo when there is none: a place in
// capitals or with a news agency in parentheses, then only capitalised
// words, numbers, commas, periods and parentheses up to a dash.
func (d *doc) datelineEnd(lo, hi int) int {
	toks := d.toks
	t := toks[lo]
	if t.kind != tkWord || t.seg >= 0 || !t.capitalized() {
		return lo
	}
	mark := len(t.text) > 2 && upperOnly(t.text)
	for m := lo + 1; m < hi-1 && m < lo+12; m++ {
		u := toks[m]
		switch {
		case u.seg >= 0:
			return lo
		case u.text == "—" || u.text == "–" || u.text == "--" || u.text == "-":
			if mark {
				return m + 1
			}
			return lo
		case u.text == "(":
			mark = true
		case u.kind == tkWord && !u.capitalized() && !isNumber(u.text):
			return lo
		case u.kind != tkWord && u.text != "," && u.text != "." && u.text != ")":
			return lo
		}
	}
	return lo
}

// trimSpace shrinks [s, e) to exclude surrounding white space.
func (d *doc) trimSpace(s, e int) (int, int) {
	for s < e && unicode.IsSpace(d.rs[s]) {
		s++
	}
	for e > s && unicode.IsSpace(d.rs[e-1]) {
		e--
	}
	return s, e
}

// colonAttribution handles "Smith: “…”" (a speaker then a colon then a
// quotation) when no cue verb claimed the quotation.
func (d *doc) colonAttribution(si int, st sent, end int) {
	toks := d.toks
	for k := st.s + 1; k < end-1 && k < st.s+30; k++ {
		if toks[k].text != ":" || toks[k].seg >= 0 {
			continue
		}
		if k >= st.s+8 && !(k-2 > st.s && d.dashLabel(st.s, k)) {
			return
		}
		n := toks[k+1]
		if n.seg < 0 || d.segs[n.seg].open != k+1 || d.claimed[n.seg] {
			// "Sanders: Endorsements prove …" (a headline), "TRUMP: The
			// deaths …" (a transcript): a bare name, then the words
			if n.seg < 0 && d.lastAttrIn(si) < 0 && d.speakerLabel(st.s, k) && d.wordsIn(k+1, end) >= 3 && !d.capsFactLabel(st.s, k) {
				a := attribution{cueS: k, cueE: k + 1, cueColon: true, spkS: st.s, spkE: k, rel: -1, from: -1, sent: si, para: toks[k].para}
				if d.setContent(&a, k+1, end) {
					d.add(a)
				}
			}
			return
		}
		sa, sb, ok := d.npEndingAt(st.s, k-1)
		if !ok || sa != st.s && !d.dashLabel(st.s, k) {
			return
		}
		if sa != st.s {
			sa = k - 1
			for sa > st.s && !isDash(toks[sa-1]) {
				sa--
			}
		}
		a := attribution{cueS: k, cueE: k + 1, cueColon: true, spkS: sa, spkE: sb, rel: -1, from: -1, sent: si, para: toks[k].para}
		if d.setContent(&a, k+1, end) {
			d.add(a)
		}
		return
	}
}

// colonClauseAttribution attributes a quotation that a clause introduces
// with a colon and no cue verb ("McConnell delivered a blunt message to
// Trump: “It's time to …”", "The campaign worded it more carefully: “…”")
// to the subject of that clause, with the colon as the cue.
func (d *doc) colonClauseAttribution(si int, st sent, end int) {
	toks := d.toks
	k := -1
	for m := st.s + 2; m < end-1; m++ {
		t := toks[m]
		if t.seg >= 0 {
			return // a quotation before the colon: not a clause introducing one
		}
		if t.text == ":" {
			k = m
			break
		}
	}
	if k < 0 {
		return
	}
	n := toks[k+1]
	if n.seg < 0 || d.segs[n.seg].open != k+1 || d.claimed[n.seg] || !d.onlySegments(k+1, end) {
		return
	}
	for m := st.s; m < k; m++ {
		if _, _, cue := d.cueAt(m, k); cue {
			return // the curated rules decided about this sentence
		}
	}
	sa, sb, ok := d.subject(st.s, k)
	if !ok || sb >= k || d.wordsIn(sb, k) < 2 {
		return
	}
	h := toks[sb-1]
	if !(h.capitalized() || subjectPronouns[h.lower] && !relativePronouns[h.lower] || roleNouns[h.lower] || speakerNouns[h.lower] || isPluralNoun(h.lower)) || documentNouns[h.lower] || h.lower == "here" || h.lower == "here's" || h.lower == "here’s" {
		return
	}
	a := attribution{cueS: k, cueE: k + 1, cueColon: true, spkS: sa, spkE: sb, rel: -1, from: -1, sent: si, para: toks[k].para}
	if d.setContent(&a, k+1, end) {
		d.add(a)
	}
}

// capsFactLabel reports whether the label toks[lo:hi] before a colon is
// in capitals and names nobody: a fact list's field ("TARGET: Two police
// officers wounded", "SPECIAL COVERAGE: …", "NOTES: …"), not a
// transcript's speaker ("TRUMP: …", "INSKEEP: …"). A speaker in capitals
// is a person or organisation of the article's entities, a first name and
// more ("JOHN STOSSEL"), the surname of a first name and surname in the
// text ("JAKE TAPPER: …" before "TAPPER: …"), a person's initials ("NG"
// for Natasha Gownaris), or a name the text also
// writes in mixed case inside a sentence ("Steve Inskeep").
func (d *doc) capsFactLabel(lo, hi int) bool {
	toks := d.toks
	letters := 0
	for _, t := range toks[lo:hi] {
		if t.kind == tkWord && !upperOnly(t.text) {
			return false // "Roger Stone: …"
		}
		for _, r := range t.text {
			if unicode.IsLetter(r) {
				letters++
			}
		}
	}
	if letters < 2 {
		return false // "Q:", "A:"
	}
	for _, e := range d.ents {
		if e.Type != schema.TypePerson && e.Type != schema.TypeOrganization {
			continue
		}
		for _, m := range e.Mentions {
			if m.Start < toks[hi-1].e && m.End > toks[lo].s {
				return false // the entities read the label as a name
			}
		}
	}
	if f := toks[lo].lower; hi-lo >= 2 && (maleNames[f] || femaleNames[f]) {
		return false // "JOHN STOSSEL: …": a first name and a surname
	}
	label := d.str(toks[lo].s, toks[hi-1].e)
	if hi-lo == 1 && d.personInitials(label) {
		return false // "NG: …" in an interview with Natasha Gownaris
	}
	if d.labelSpeaker(label) != label {
		return false // a person's surname (TRUMP), an organisation (CNN)
	}
	last := toks[hi-1].lower
	for k := 1; k < len(toks); k++ {
		t, p := toks[k], toks[k-1]
		if t.lower == last && t.upper && !upperOnly(t.text) && p.para == t.para && (p.kind == tkWord || p.text == ",") {
			return false // "He talks to Steve Inskeep about …"
		}
		if t.lower == last && p.para == t.para && (maleNames[p.lower] || femaleNames[p.lower]) {
			return false // "JAKE TAPPER: …" before "TAPPER: …"
		}
	}
	return true
}

// personInitials reports whether label, two or three capital letters, is
// the initials of a person of the article's entities.
func (d *doc) personInitials(label string) bool {
	if len(label) < 2 || len(label) > 3 || !upperOnly(label) {
		return false
	}
	for _, e := range d.ents {
		if e.Type != schema.TypePerson {
			continue
		}
		ws := strings.Fields(e.Name)
		if len(ws) != len(label) {
			continue
		}
		ok := true
		for i, w := range ws {
			if w[0] != label[i] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// dashLabel reports whether a speaker label after a dash ends at the
// colon at token k: "… has been important - Philip Bump: “…”".
func (d *doc) dashLabel(lo, k int) bool {
	for sa := k - 1; sa > lo && k-sa <= 5; sa-- {
		if isDash(d.toks[sa-1]) {
			return d.speakerLabel(sa, k)
		}
	}
	return false
}

// isDash reports whether t is a dash standing alone.
func isDash(t tok) bool {
	return t.kind == tkPunct && (t.text == "-" || t.text == "—" || t.text == "–")
}

// speakerLabel reports whether tokens [lo, hi) are a speaker's name used as
// a label before a colon: one to five capitalized words (Roger Stone, OK
// Gov Fallin, JAKE TAPPER), not a section label (Note, Update, Q).
func (d *doc) speakerLabel(lo, hi int) bool {
	if hi-lo < 1 || hi-lo > 5 {
		return false
	}
	for k := lo; k < hi; k++ {
		t := d.toks[k]
		if t.kind != tkWord || t.seg >= 0 || !t.capitalized() && !npConnectors[t.lower] {
			return false
		}
	}
	first := trimPossessive(d.toks[lo].lower)
	return !notSpeakerLabels[first] && d.toks[hi-1].capitalized()
}

// quoteOnlySentences attributes sentences that are nothing but quotations
// ("“We will win.”"): they continue the direct quote of the sentence
// before in the same paragraph, or fill a pending "Smith said:", or start
// a paragraph that continues the previous speaker.
func (d *doc) quoteOnlySentences() {
	toks := d.toks
	// attribution index by sentence, in order
	for si, st := range d.sents {
		end := d.contentEnd(st)
		lo := st.s
		if end <= lo {
			continue
		}
		if lo+1 < end && toks[lo].seg < 0 && toks[lo].kind == tkWord && leadConnectives[toks[lo].lower] && toks[lo+1].seg >= 0 {
			lo++ // "But “Donald Trump’s candidacy is strengthened …”": the quotation goes on
		}
		only, any, words := true, false, 0
		firstSeg, lastSeg := -1, -1 // the sentence may open or close with punctuation outside any quotation
		for k := lo; k < end; k++ {
			if toks[k].seg >= 0 {
				any = true
				if firstSeg < 0 {
					firstSeg = toks[k].seg
				}
				lastSeg = toks[k].seg
				if d.claimed[toks[k].seg] {
					only = false
					break
				}
			} else if toks[k].kind != tkPunct {
				only = false
				break
			}
			if toks[k].kind == tkWord {
				words++
			}
		}
		if !only || !any || words == 0 {
			continue
		}
		para := toks[lo].para
		prev := d.prevAttr(si)
		if prev >= 0 {
			p := &d.attrs[prev]
			switch {
			case p.pending && p.sent >= si-1 && (p.para == para || p.para == para-1):
				p.pending = false
				if d.setContent(p, lo, end) {
					d.claimSegs(lo, end)
				}
				continue
			case p.para == para && p.tokE > 0 && d.sents[p.sent].e <= lo && (p.direct || p.sent == si-1 && p.cueS >= 0),
				p.direct && p.cueS >= 0 && p.para == para-1 && p.tokE > 0 && p.sent == si-1 && toks[lo-1].para != para && d.nextAttrSamePara(si, para) < 0 && d.attrsIn(p.sent) == 1:
				// "Greene added that …. “They don’t like it.”" continues
				// the reported clause as well; a quotation-only paragraph
				// right after "“…,” Adelson said …." continues his quote
				p.direct = true
				p.para, p.sent = para, si
				// continue the quote of the same paragraph
				sg := d.segs[lastSeg]
				p.e = sg.e
				p.parts = d.onePart(p.parts, [2]int{d.segs[firstSeg].s, sg.e})
				p.tokE = end
				d.claimSegs(lo, end)
				continue
			}
		}
		// a quotation that opens its paragraph: the attribution of the next
		// sentence in the paragraph, or the previous paragraph's speaker
		if next := d.nextAttrSamePara(si, para); next >= 0 && d.attrs[next].direct && d.attrs[next].cueS > d.attrs[next].tokS {
			n := &d.attrs[next]
			n.s = d.segs[firstSeg].s
			n.parts = append([][2]int{{n.s, d.segs[lastSeg].e}}, n.parts...)
			n.tokS = lo
			d.claimSegs(lo, end)
			continue
		}
		a := attribution{cueS: -1, spkS: -1, rel: -1, from: -1, sent: si, para: para}
		if !d.setContent(&a, lo, end) {
			continue
		}
		if k, na, nb, ok := d.dashSignature(si); ok {
			// "“… pay zero taxes.” — Sanders": a fact check's signature line
			a.cueS, a.cueE, a.spkS, a.spkE = k, k+1, na, nb
		} else if prev >= 0 && d.attrs[prev].para >= para-2 && !d.attrs[prev].pending {
			a.from = prev
		} else if words < 8 {
			continue
		}
		d.claimSegs(lo, end)
		d.attrs = append(d.attrs, a)
	}
}

// leadConnectives may open a sentence that is otherwise one quotation and
// still continues the quote before it.
var leadConnectives = set("but", "and", "so", "yet", "still", "or", "plus", "then")

// dashSignature reports whether the sentence after si is only a dash and
// a name ("- Bernie Sanders."), the way fact checks sign the quotation
// they check: the dash and the name's token range.
func (d *doc) dashSignature(si int) (int, int, int, bool) {
	if si+1 >= len(d.sents) {
		return 0, 0, 0, false
	}
	toks, st := d.toks, d.sents[si+1]
	end := d.contentEnd(st)
	if end-st.s < 2 || !isDash(toks[st.s]) || toks[st.s].seg >= 0 || toks[st.s].para > toks[d.sents[si].s].para+1 {
		return 0, 0, 0, false
	}
	na, nb, ok := d.npAfter(st.s+1, end)
	if !ok || nb != end || !toks[na].capitalized() {
		return 0, 0, 0, false
	}
	return st.s, na, nb, true
}

func (d *doc) claimSegs(lo, hi int) {
	for k := lo; k < hi; k++ {
		if s := d.toks[k].seg; s >= 0 {
			d.claimed[s] = true
		}
	}
}

// attrsIn counts the attributions of sentence si.
func (d *doc) attrsIn(si int) int {
	n := 0
	for k := range d.attrs {
		if d.attrs[k].sent == si {
			n++
		}
	}
	return n
}

// prevAttr returns the last attribution that starts before sentence si.
func (d *doc) prevAttr(si int) int {
	best := -1
	for k, a := range d.attrs {
		if a.sent >= si || best >= 0 && a.sent < d.attrs[best].sent {
			continue
		}
		// in the same sentence, a direct quote wins ("“…,” Clark said,
		// noting that …. “…”" continues the direct quote), and one that
		// opens with its quotation wins over a reported clause with a
		// quoted word ("“…,” said Ekovich, who noted that prices had
		// “cratered.” “…”")
		if best < 0 || a.sent > d.attrs[best].sent || d.quoteRank(a) >= d.quoteRank(d.attrs[best]) {
			best = k
		}
	}
	return best
}

// quoteRank orders attributions of one sentence as a quotation after them
// may continue them: 2 for content that opens with a quotation, 1 for
// other content with a quotation, 0 for reported speech.
func (d *doc) quoteRank(a attribution) int {
	switch {
	case !a.direct:
		return 0
	case a.tokS >= 0 && a.tokS < len(d.toks) && d.toks[a.tokS].seg >= 0:
		return 2
	}
	return 1
}

func (d *doc) nextAttrSamePara(si, para int) int {
	for k, a := range d.attrs {
		if a.sent == si+1 && a.para == para {
			return k
		}
	}
	return -1
}

func (d *doc) output() []schema.Quote {
	d.resolveSpeakers()
	out := make([]schema.Quote, 0, len(d.attrs))
	pure := d.pure[:0]
	// the quotes' speaker mentions, in one array
	nm := 0
	for i := range d.attrs {
		if d.attrs[i].mention != nil {
			nm++
		}
	}
	var ms []schema.Mention
	if nm > 0 {
		ms = make([]schema.Mention, 0, nm)
	}
	for i := range d.attrs {
		a := &d.attrs[i]
		if a.pending || a.e <= a.s || a.dropped {
			continue
		}
		q := schema.Quote{Start: a.s, End: a.e, Kind: schema.KindIndirect}
		if a.direct {
			q.Kind = schema.KindDirect
		}
		parts := d.strs[:0]
		first, last := -1, -1 // the non-empty parts bound the span ("“”“…": an empty quotation first)
		for _, p := range a.parts {
			ps, pe := d.trimSpace(p[0], p[1])
			if pe > ps {
				parts = append(parts, d.str(ps, pe))
				if first < 0 {
					first = ps
				}
				last = pe
			}
		}
		if first > a.s {
			a.s = first
		}
		if last >= 0 && last < a.e {
			a.e = last
		}
		if a.e <= a.s || len(parts) == 0 {
			continue
		}
		q.Start, q.End = a.s, a.e
		q.Text = strings.Join(parts, " ")
		d.strs = parts
		if a.cueS >= 0 {
			q.Cue = d.str(d.toks[a.cueS].s, d.toks[a.cueE-1].e)
		}
		q.Speaker = a.speaker
		if a.mention != nil {
			ms = append(ms, *a.mention)
			q.SpeakerMention = &ms[len(ms)-1]
		}
		out = append(out, q)
		pure = append(pure, a.direct && d.onlySegments(a.tokS, a.tokE))
	}
	d.pure = pure
	out = dropNestedQuotations(out, pure)
	turns, asked := d.transcriptQuotes()
	out = mergeTurns(out, turns, asked)
	sortQuotes(out)
	return out
}

// mergeTurns adds the turns of a transcript to qs, dropping a quote that
// lies inside a turn of its own speaker or of nobody's (the turn is the
// whole of what was said), and a quote of nobody's inside an interviewer's
// turn (asked): a question reads like reported speech ("Can you tell us
// something about yourself?") but reports nobody.
func mergeTurns(qs, turns []schema.Quote, asked [][2]int) []schema.Quote {
	if len(turns) == 0 && len(asked) == 0 {
		return qs
	}
	out := qs[:0]
	for _, q := range qs {
		inside := false
		for _, t := range turns {
			if q.Start >= t.Start && q.End <= t.End && (q.Speaker == "" || q.Speaker == t.Speaker) {
				inside = true
				break
			}
		}
		for _, a := range asked {
			if q.Start >= a[0] && q.End <= a[1] && q.Speaker == "" {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, q)
		}
	}
	return append(out, turns...)
}

// untangleNested settles attributions found inside the content of
// another whose cue is not a verb of saying. When a clause boundary
// (", but", ", though", "; ", "because" …) comes before the inner one's
// speaker, the outer content ran on into a clause of its own ("Smith said
// all staff sign agreements, though she did not discuss their terms"): it
// ends at the boundary and both stay. Otherwise the inner one is reported
// by the outer ("Polls show that most voters believe …", "He said the
// ruling illustrates …") and is dropped: PolNeAR rarely annotates such a
// nested belief, stance or report (by cross-validation fewer than a third
// of them are attributions), while a nested verb of saying more often is.
func (d *doc) untangleNested() {
	for i := range d.attrs {
		a := &d.attrs[i]
		if a.cueS < 0 || a.cueColon || a.pending || a.e <= a.s {
			continue
		}
		if f, ok := d.lx.match(d.toks, a.cueS); ok && f.verb.class == cueSpeech {
			continue
		}
		for j := range d.attrs {
			b := &d.attrs[j]
			if j == i || b.pending || b.dropped || b.e <= b.s {
				continue
			}
			if !(b.tokS <= a.cueS && b.tokS <= a.tokS && a.tokE <= b.tokE && b.tokE-b.tokS > a.tokE-a.tokS) {
				continue
			}
			from := a.cueS
			if a.spkS >= b.tokS && a.spkS < from {
				from = a.spkS
			}
			lo := b.tokS
			if d.toks[lo].lower == "that" {
				lo++
			}
			if from > lo+nestedLead {
				// a clause later in the content: cut the outer content
				// before it when a boundary opens it, else keep both
				if k := d.clauseBoundary(b.tokS, from); k > b.tokS && !b.direct && d.wordsIn(lo, k) >= 3 {
					saved := *b
					if !d.setContent(b, b.tokS, k) || b.direct {
						*b = saved
					}
				}
				continue
			}
			a.dropped = true
			break
		}
	}
}

// nestedLead is how far into another attribution's content (after
// "that") a nested attribution's speaker may start and still be the
// complement clause of the outer cue.
const nestedLead = 3

// clauseBoundary returns the last token in (lo, hi) that opens a clause of
// its own inside a content range: a semicolon, a subordinator of cause or
// concession ("because", "although"), or "but", "and", "while", "yet",
// "so" after a comma; -1 when none.
func (d *doc) clauseBoundary(lo, hi int) int {
	toks := d.toks
	// a coordinated predicate: "called it “shameful” and urged …"
	if j := d.skipAdverbs(lo, hi); j > lo && toks[j].seg < 0 && (toks[j].lower == "and" || toks[j].lower == "but") {
		if toks[j-1].text == "," && toks[j-1].seg < 0 {
			return j - 1
		}
		return j
	}
	for k := hi - 1; k > lo; k-- {
		t := toks[k]
		if t.seg >= 0 {
			continue
		}
		switch {
		case t.text == ";":
			return k
		case t.kind == tkWord && clauseSubordinators[t.lower]:
			return k
		case t.kind == tkWord && clauseCoordinators[t.lower] && toks[k-1].text == "," && toks[k-1].seg < 0:
			return k - 1
		}
	}
	return -1
}

// clauseSubordinators and clauseCoordinators open a clause that is not
// part of the one before them (after a comma for the coordinators).
var (
	clauseSubordinators = set("because", "although", "though", "whereas")
	clauseCoordinators  = set("but", "and", "while", "yet", "so")
)

// dropNestedQuotations removes a quotation that lies inside a mixed quote
// of the same speaker ("Smith said he believes “there may be …”": the
// reported clause already holds it). pure[i] says whether qs[i] is
// quotation only.
func dropNestedQuotations(qs []schema.Quote, pure []bool) []schema.Quote {
	// which to drop, before any is moved: qs and pure must stay aligned
	// while every pair is compared
	var drop []int
	for i, q := range qs {
		nested := false
		for j, o := range qs {
			if !pure[i] || j == i || pure[j] || o.Kind != schema.KindDirect || o.Start > q.Start || q.End > o.End || o.End-o.Start <= q.End-q.Start {
				continue
			}
			qm, om := q.SpeakerMention, o.SpeakerMention
			if q.Speaker != "" && q.Speaker == o.Speaker || qm != nil && om != nil && qm.Start == om.Start ||
				qm != nil && o.Start <= qm.Start && qm.Start < o.End && isSubjectPronoun(qm.Text) && (q.Speaker == "" || q.Speaker == o.Speaker) {
				nested = true
				break
			}
		}
		if nested {
			drop = append(drop, i)
		}
	}
	if len(drop) == 0 {
		return qs
	}
	out := qs[:0]
	for i, q := range qs {
		if len(drop) > 0 && drop[0] == i {
			drop = drop[1:]
			continue
		}
		out = append(out, q)
	}
	return out
}

func sortQuotes(qs []schema.Quote) {
	for i := 1; i < len(qs); i++ {
		for j := i; j > 0 && (qs[j].Start < qs[j-1].Start || qs[j].Start == qs[j-1].Start && qs[j].End < qs[j-1].End); j-- {
			qs[j], qs[j-1] = qs[j-1], qs[j]
		}
	}
}

// passiveQuestion attributes a question put to someone, as PolNeAR does
// ("Asked whether he would …, Johnson demurred", "When asked why, …",
// "Trump was asked about it", "Asked by Matt Lauer whether …"): the
// content is the question, up to the comma that ends the clause; the
// speaker is the asker after "by", or none.
func (d *doc) passiveQuestion(a attribution, st sent, ci, ce, end int) (attribution, bool) {
	toks := d.toks
	if toks[ci].lower != "asked" || ce >= end {
		return a, false
	}
	if ci > st.s {
		p := toks[ci-1].lower
		if !(beForms[p] || p == "when" || p == "after" || p == "if" || p == "once" || p == "while") {
			return a, false
		}
	}
	k := ce
	if toks[k].lower == "by" {
		sa, sb, ok := d.npAfter(k+1, end)
		if !ok {
			return a, false
		}
		a.spkS, a.spkE = sa, sb
		k = sb
	}
	for k < end && toks[k].kind == tkWord && toks[k].seg < 0 && (timeWords[toks[k].lower] || weekdays[toks[k].lower]) {
		k++ // "asked by Ingraham on Thursday about …"
	}
	if k >= end || !questionStart[toks[k].lower] || toks[k].seg >= 0 {
		return a, false
	}
	hi := end
	for m := k + 1; m < end; m++ {
		if toks[m].seg < 0 && toks[m].text == "," {
			hi = m
			break
		}
		if d.titleBefore(k, m) && m+1 < end && toks[m].text != "," && d.segs[toks[m].seg].close == m && toks[m-1].text == "," {
			hi = m + 1 // "Asked why … on “CBS This Morning,” Sanders said …": the comma closes the title
			break
		}
	}
	return a, d.setContent(&a, k, hi)
}

// questionStart opens the question after a passive "asked".
var questionStart = set("whether", "if", "about", "why", "how", "what", "who", "whom", "when", "where", "which", "to")

// titleCaseVerb reports whether the capitalized word at token i is a verb
// of saying in a title-case headline ("Bush Says We Should Pay Attention
// To History"): says/said/tells/warns in a paragraph of at least four
// words, nearly all capitalized.
func (d *doc) titleCaseVerb(i int) bool {
	l := d.toks[i].lower
	if l != "says" && l != "said" && l != "tells" && l != "told" && l != "warns" && l != "claims" {
		return false
	}
	para := d.toks[i].para
	words, caps := 0, 0
	for k := i; k >= 0 && d.toks[k].para == para; k-- {
		if d.toks[k].kind == tkWord {
			words++
			if d.toks[k].capitalized() || isNumber(d.toks[k].text) {
				caps++
			}
		}
	}
	for k := i + 1; k < len(d.toks) && d.toks[k].para == para; k++ {
		if d.toks[k].kind == tkWord {
			words++
			if d.toks[k].capitalized() || isNumber(d.toks[k].text) {
				caps++
			}
		}
	}
	return words >= 4 && caps*10 >= words*8
}

// opensClause reports whether the word right after a cue starts its
// content (a subject pronoun, a determiner or a name) rather than an
// adjunct before a "that" ("said Tuesday that", "said in a statement
// that").
func (d *doc) opensClause(t tok) bool {
	if t.kind != tkWord || t.seg >= 0 || t.lower == "that" || timeWords[t.lower] || weekdays[t.lower] {
		return false
	}
	return subjectPronouns[t.lower] && !relativePronouns[t.lower] || determiners[t.lower] && t.lower != "this" || t.capitalized() && !stopwords[t.lower]
}

// nounForm reports whether the cue form at token t can be a noun (the
// claim, several reports), not only a verb (several said).
func nounForm(f cueForm, t tok) bool {
	lemma := f.verb.lemma
	if sp := strings.IndexByte(lemma, ' '); sp >= 0 {
		lemma = lemma[:sp]
	}
	return nounCues[lemma] && (t.lower == lemma || strings.HasSuffix(t.lower, "s"))
}

// pluralNounCue reports whether the -s form of a noun-like cue at token i
// is a plural noun with a relative or participle clause after it: "the 15
// states that have voted", "thousands of emails which were deleted",
// "Clinton emails released Friday". A verb of saying is not followed by
// "that" and then a verb, nor by a past participle.
func (d *doc) pluralNounCue(f cueForm, i int) bool {
	toks := d.toks
	t := toks[i]
	if len(f.words) != 1 || !strings.HasSuffix(t.lower, "s") || t.lower == f.verb.lemma || !nounForm(f, t) || i+1 >= len(toks) {
		return false
	}
	n := toks[i+1]
	if n.kind != tkWord || n.seg >= 0 {
		return false
	}
	if n.lower == "that" || n.lower == "which" {
		if i+2 >= len(toks) || toks[i+2].kind != tkWord || toks[i+2].seg >= 0 {
			return false
		}
		v := toks[i+2].lower
		return relativeVerbs[v] || len(v) > 4 && strings.HasSuffix(v, "ed")
	}
	return len(n.lower) > 4 && strings.HasSuffix(n.lower, "ed") && !stopwords[n.lower]
}

// relativeVerbs are auxiliaries and modals that begin a relative clause
// after "that" ("states that have voted", "emails that were deleted").
var relativeVerbs = set("is", "are", "was", "were", "have", "has", "had", "will", "would", "could", "can",
	"may", "might", "should", "must", "do", "does", "did")

// openingWord returns the lower-case first word of a sentence after a
// leading conjunction ("And until …" opens with "until").
func (d *doc) openingWord(st sent) string {
	k := st.s
	for k < st.e-1 && (d.toks[k].lower == "and" || d.toks[k].lower == "but" || d.toks[k].lower == "so") {
		k++
	}
	return d.toks[k].lower
}

// innerSubject returns the subject of the last subordinate clause in
// tokens [lo, ci) when it names a person or a speaking role: "The fracas
// erupted two months after the real estate tycoon entered the race …,
// calling them rapists" (the participle's clause subject is not a
// speaker, the tycoon is).
func (d *doc) innerSubject(lo, ci int) (int, int, bool) {
	toks := d.toks
	for k := ci - 2; k >= lo; k-- {
		t := toks[k]
		if t.seg >= 0 || t.kind != tkWord || !subordinateOpeners[t.lower] {
			continue
		}
		na, nb, ok := d.npAfter(k+1, ci)
		if !ok || nb >= ci || na != k+1 {
			continue
		}
		v := toks[nb]
		if v.kind != tkWord || v.seg >= 0 || v.capitalized() || stopwords[v.lower] && !auxAdverbs[v.lower] {
			continue
		}
		return na, nb, true
	}
	return 0, 0, false
}

// subordinateOpeners open an adverbial clause whose subject follows them
// (not "that", whose clause is a verb's complement: "He accepted that the
// fires damaged … but believed …").
var subordinateOpeners = set("after", "before", "when", "while", "as", "because", "since", "until", "though",
	"although", "once", "whereas")

// participleOpening returns the -ing word that opens the sentence st,
// after at most a preposition and two words of time ("Citing …", "After
// thanking …", "One month after announcing …"), or -1.
func (d *doc) participleOpening(st sent) int {
	toks := d.toks
	for k := st.s; k < st.e && k < st.s+4; k++ {
		t := toks[k]
		if t.kind != tkWord || t.seg >= 0 {
			return -1
		}
		if strings.HasSuffix(t.lower, "ing") && len(t.lower) > 4 && !stopwords[t.lower] && (k == st.s || participlePreps[toks[k-1].lower] || toks[k-1].lower == "upon") {
			return k
		}
	}
	return -1
}

// frontedParticiple reports whether the participle at token ci opens a
// fronted adverbial of sentence st ("Citing …, the spokeswoman told …",
// "After thanking the crowd, which …, he touted …", "One month after
// announcing …, Rubio …"). It returns where the adverbial ends (its
// closing comma, or the quotation mark closing over that comma) and the
// subject of the clause after it: the first noun phrase after a comma
// that a word other than a comma follows.
func (d *doc) frontedParticiple(st sent, ci, end int) (int, int, int, bool) {
	toks := d.toks
	if ci < 0 || d.participleOpening(st) != ci {
		return 0, 0, 0, false
	}
	for k := ci + 1; k < end-1 && k < ci+40; k++ {
		t := toks[k]
		c := -1
		switch {
		case t.seg < 0 && t.text == ",":
			c = k
		case t.seg >= 0 && d.segs[t.seg].close == k && toks[k-1].text == ",":
			c = k + 1 // “obligations in Tennessee,” the spokeswoman
		case t.seg < 0 && (isTerminal(t) || t.text == ";" || t.text == ":" || isDash(t)):
			return 0, 0, 0, false
		}
		if c < 0 {
			continue
		}
		if t.text == "," && k+1 < end && toks[k+1].seg >= 0 {
			// "After reviewing the law, “we concluded …,” Rivkin said":
			// the adverbial belongs to the quotation after it
			return 0, 0, 0, false
		}
		n := k + 1
		sa, sb, ok := d.npAfter(n, end)
		if !ok || sb >= end {
			continue
		}
		if nt := toks[sb]; nt.kind == tkWord && nt.seg < 0 && !npConnectors[nt.lower] && nt.lower != "or" || subjectPronouns[toks[sa].lower] && sb == sa+1 {
			if t.text == "," {
				return k, sa, sb, true
			}
			return c, sa, sb, true
		}
	}
	return 0, 0, 0, false
}

// pollAttribution attributes a finding to the poll it comes from, as
// PolNeAR does with the cue "in": "In the latest Washington Post-ABC News
// poll, Clinton led Trump 47 percent to 39 percent" and "Carson drew
// close to Trump in national polls".
func (d *doc) pollAttribution(si int, st sent, end int) {
	toks := d.toks
	for i := st.s; i < end-1; i++ {
		if toks[i].lower != "in" || toks[i].seg >= 0 {
			continue
		}
		// the poll's name: determiners, names, dates and a few modifiers
		// before the head ("a September Washington Post-ABC News poll"),
		// not "the polls" of election day
		h := -1
		for k := i + 1; k < end && k < i+10; k++ {
			t := toks[k]
			if t.kind != tkWord || t.seg >= 0 {
				break
			}
			if pollNouns[t.lower] {
				h = k
				break
			}
			if !(determiners[t.lower] || t.capitalized() || isPossessive(t) || isNumber(t.text) || pollModifiers[t.lower] || strings.Contains(t.lower, "-")) {
				break
			}
		}
		if h < 0 || h == i+2 && toks[i+1].lower == "the" && toks[h].lower == "polls" {
			continue
		}
		a := attribution{cueS: i, cueE: i + 1, spkS: i + 1, spkE: h + 1, rel: -1, from: -1, sent: si, para: toks[i].para}
		switch {
		case i == st.s && h+1 < end && toks[h+1].text == ",":
			// In the latest poll, …
			if d.setContent(&a, h+2, end) {
				d.add(a)
			}
		case i > st.s && (d.wordsIn(h+1, end) == 0 || h+1 < end && toks[h+1].text == "," && toks[h+1].seg < 0 && d.wordsIn(h+1, end) <= 8) && d.wordsIn(st.s, i) >= 4:
			// … in a CNN national poll.
			if d.setContent(&a, st.s, i) {
				d.add(a)
			}
		}
		return
	}
}

// pollNouns head the source of a poll finding; pollModifiers may stand
// before them.
var (
	pollNouns     = set("poll", "polls", "survey", "surveys")
	pollModifiers = set("new", "latest", "recent", "national", "statewide", "same", "early", "exit", "public",
		"opinion", "online", "hypothetical", "nationwide", "independent", "separate", "another", "most", "several")
)

// insideReportedClause reports whether token j lies inside the reported
// clause of p, a clause with a subject of its own ("said he has not held
// dinners and never called a donor": the second verb is his too, inside
// what was said).
func (d *doc) insideReportedClause(p attribution, j int) bool {
	if p.direct || j <= p.tokS || j >= p.tokE {
		return false
	}
	k := p.tokS
	if d.toks[k].lower == "that" {
		k++
	}
	na, nb, ok := d.npAfter(k, j)
	if !ok || na != k || nb >= j {
		return false
	}
	// the clause's verb is an auxiliary other than "be", which the
	// coordinated verb shares ("he has not held … and never called",
	// "Pence had taken … and had discussed"); "it was normal … and denied"
	// is the speaker's next deed
	v := d.toks[nb]
	return v.kind == tkWord && v.seg < 0 && clauseVerbs[v.lower] && !beForms[v.lower]
}
