package quotes

import "strings"

// Thresholds on the cue probability of a learned cue word, chosen by
// 5-fold document-level cross-validation on the PolNeAR dev split, as low
// as keeps the speaker accuracy at 90 %: a word with its speaker right
// before it and its content after it ("Limbaugh accused …") needs less
// evidence when that speaker is a person (a name, a personal pronoun, a
// role noun) than when it is some other noun phrase; one whose speaker is
// only the subject of its clause needs more, and most when that subject
// is not a person or the content starts before the cue, since those
// attributions are less often right and their speakers rarely are.
const (
	learnedThresholdPerson  = 0.25
	learnedThreshold        = 0.45
	learnedThresholdSubject = 0.40
	learnedThresholdOther   = 0.70
)

// learnedAttributions adds the attributions of learned cue words in
// sentence si that the curated rules left alone: "Sanders, who endorsed
// Clinton, …", "She declined to comment", "Limbaugh accused the Democrats
// of …". The speaker is the noun phrase before the cue, the speaker of a
// coordinated attribution ("praised her and offered …") or the subject of
// the clause; the content is the rest of the clause after the cue, or,
// for words whose content the model says starts before them ("Obama is
// expected to join …"), the clause from its subject.
func (d *doc) learnedAttributions(si int) {
	toks := d.toks
	st := d.sents[si]
	end := d.contentEnd(st)
	for i := st.s; i < end; i++ {
		if !d.candidate(i) {
			continue
		}
		wm := d.model.cueWord(toks[i].lower)
		if wm == nil || d.cueOfAttr(i) || toks[i].lower == "according" || d.namingParticiple(i) || actionVerbs[toks[i].lower] && !d.takeIdiom(i) || d.deedSense(i) {
			continue
		}
		if f, listed := d.lx.match(toks, i); listed && f.verb.class == cueSpeech {
			// the curated rules decide about verbs of saying; a report
			// verb they passed over may still be a cue ("accused him of
			// …", "is expected to …", "called for …")
			continue
		}
		p, before := wm.score(d.prevClass(i), d.nextClass(i))
		if p < learnedThresholdPerson {
			continue
		}
		a := attribution{cueS: i, cueE: i + 1, spkS: -1, rel: -1, from: -1, sent: si, para: toks[i].para}
		near := false
		fronted, fc := false, 0
		if c, sa, sb, ok := d.frontedParticiple(st, i, end); ok {
			// "After thanking the crowd, he …": the subject after the
			// adverbial, the content up to its comma
			a.spkS, a.spkE, fronted, fc = sa, sb, true, c
		} else if sa, sb, ok := d.npBefore(st.s, i); ok {
			a.spkS, a.spkE, near = sa, sb, true
			a.rel = d.relBefore(sb, i)
		} else if sa, sb, ok := d.participleSubject(si, i, end); ok {
			a.spkS, a.spkE = sa, sb
		} else if j, prev := d.skipAdverbs(st.s, i), d.lastAttrIn(si); j >= st.s && toks[j].lower == "and" && prev >= 0 && d.attrs[prev].spkS >= 0 {
			if d.insideReportedClause(d.attrs[prev], j) {
				continue
			}
			a.spkS, a.spkE, a.rel = d.attrs[prev].spkS, d.attrs[prev].spkE, d.attrs[prev].rel
			near = true
		} else if sa, sb, ok := d.subject(st.s, i); ok && sb <= i {
			// "The government, for instance, refused …", "Smith walked
			// out, saying …"
			a.spkS, a.spkE = sa, sb
			if ia, ib, ok := d.innerSubject(sb, i); ok && !d.personSpeaker(sa, sb) {
				a.spkS, a.spkE = ia, ib
			}
		}
		contentBefore := before >= 0.5
		th := learnedThresholdOther
		switch person := d.personSpeaker(a.spkS, a.spkE); {
		case contentBefore:
		case near && person:
			th = learnedThresholdPerson
		case near:
			th = learnedThreshold
		case person:
			th = learnedThresholdSubject
		}
		if p < th {
			continue
		}
		lo, hi := i+1, end
		switch {
		case fronted:
			hi = fc
			if d.adjunctOnly(lo, hi) {
				continue // "Testifying before Congress in 2007, he …"
			}
		case contentBefore && a.spkS > st.s && (toks[a.spkS-1].text == "," || toks[a.spkS-1].seg >= 0):
			// "Cuts are likely, the Washington Examiner reported": the
			// clause before the attribution
			lo, hi = st.s, a.spkS
			if d.adjunctOnly(lo, hi-1) {
				continue // "In the coming weeks, rivals … are expected to …"
			}
		case contentBefore:
			// "Obama is expected to join …": the clause from its subject
			lo = st.s
			if a.spkS >= 0 {
				lo = a.spkS
			}
			if na, nb, ok := d.passiveAgent(i, end); ok {
				// "The bill, opposed by House Republicans, …", "News of
				// the move was first reported by the Herald": the agent
				// speaks about the subject
				hi = d.skipAdverbs(lo, i) + 1
				a.spkS, a.spkE, a.rel = na, nb, -1
			}
		default:
			if p < learnedThreshold && lo < hi && toks[lo].seg < 0 && adjunctStarts[toks[lo].lower] {
				// "Sanders spoke in Vermont on Tuesday", "a memo
				// circulated by the caucus": an adjunct, not content
				continue
			}
			if d.catenativeCue(lo, hi) {
				// "began by saying, “…”", "went on to say …": the
				// attribution is the cue's after it
				continue
			}
			if d.carrierObject(lo, hi) {
				// "issued a statement saying …": the participle's
				// attribution is this one
				continue
			}
			hi = d.trimTrailingAttribution(lo, hi)
			hi = d.cutAtNextAttribution(lo, hi)
			hi = d.cutAtCoordinatedCue(lo, hi)
			hi = d.insertionEnd(st.s, i, hi)
			hi = d.cutAtSubordinate(lo, hi)
			if d.adjunctOnly(lo, hi) {
				// "reported in 2014", "stepped down from …": no content
				continue
			}
		}
		if d.setContent(&a, lo, hi) {
			d.add(a)
		}
	}
}

// passiveAgent returns the agent of a passive learned cue at token i: the
// noun phrase after "by" ("was first reported by the Miami Herald").
func (d *doc) passiveAgent(i, end int) (int, int, bool) {
	toks := d.toks
	if i+2 >= end || toks[i+1].lower != "by" || toks[i+1].seg >= 0 || !strings.HasSuffix(toks[i].lower, "ed") {
		return 0, 0, false
	}
	if na, nb, ok := d.npAfter(i+2, end); ok {
		return na, nb, true
	}
	// a bare plural: "opposed by local residents", "criticized by
	// Republicans and Democrats alike"
	m := i + 2
	for m < end && m < i+5 && toks[m].kind == tkWord && toks[m].seg < 0 && !stopwords[toks[m].lower] && !auxAdverbs[toks[m].lower] {
		m++
	}
	if m > i+2 && (roleNouns[toks[m-1].lower] || isPluralNoun(toks[m-1].lower)) {
		return i + 2, m, true
	}
	return 0, 0, false
}

// personSpeaker reports whether the speaker noun phrase [s, e) names or
// stands for a person or a group of them: a name, a personal pronoun, a
// role noun ("officials", "the senator").
func (d *doc) personSpeaker(s, e int) bool {
	if s < 0 || e <= s {
		return false
	}
	h := d.toks[e-1]
	return h.capitalized() && !stopwords[h.lower] || personPronouns[h.lower] || roleNouns[h.lower] || titleWords[h.lower]
}

// adjunctStarts open an adjunct after a verb rather than its content.
var adjunctStarts = set("in", "on", "at", "during", "after", "before", "from", "into", "by", "since", "until", "across", "outside", "inside")

var personPronouns = set("he", "she", "they", "we", "i", "you", "who")

// cueOfAttr reports whether token i is the cue of an attribution found so
// far.
func (d *doc) cueOfAttr(i int) bool {
	for k := len(d.attrs) - 1; k >= 0; k-- {
		if a := &d.attrs[k]; a.cueS <= i && i < a.cueE {
			return true
		}
	}
	return false
}

// insertionEnd ends the content of a cue that stands in a comma-delimited
// relative clause ("Sanders, who on Tuesday endorsed Clinton, said …")
// at the comma that closes the clause.
func (d *doc) insertionEnd(lo, ci, hi int) int {
	toks := d.toks
	for k := ci - 1; k > lo; k-- {
		t := toks[k]
		if t.seg >= 0 || t.kind == tkPunct && t.text != "," {
			return hi
		}
		if t.text == "," {
			n := toks[k+1]
			if n.kind != tkWord || !(n.lower == "who" || n.lower == "which") {
				return hi
			}
			for m := ci + 1; m < hi; m++ {
				if toks[m].text == "," && toks[m].seg < 0 {
					return m
				}
			}
			return hi
		}
	}
	return hi
}

// participleSubject finds the speaker of a participle cue that has no
// noun phrase of its own before it: the speaker of the attribution it
// follows ("“…,” Graham said, adding, “…”") or, at the start of the
// sentence, the subject after the participle clause ("Noting that …,
// Trump reminded Americans …").
func (d *doc) participleSubject(si, i, end int) (int, int, bool) {
	toks, st := d.toks, d.sents[si]
	if !strings.HasSuffix(toks[i].lower, "ing") {
		return 0, 0, false
	}
	if d.commaBefore(st.s, i) {
		if prev := d.lastAttrIn(si); prev >= 0 && d.attrs[prev].spkS >= 0 && d.attrs[prev].cueS < i {
			return d.attrs[prev].spkS, d.attrs[prev].spkE, true
		}
		return 0, 0, false
	}
	if i != st.s {
		return 0, 0, false
	}
	for k := i + 1; k < end-1 && k < i+40; k++ {
		if toks[k].seg >= 0 {
			continue
		}
		if toks[k].text == "," {
			return d.npAfter(k+1, end)
		}
		if toks[k].kind == tkPunct && toks[k].text != "-" {
			break
		}
	}
	return 0, 0, false
}

// catenativeCue reports whether the content [lo, hi) of a learned cue
// opens with "by" or "to" and then the cue of an attribution found
// already ("began by saying", "went on to say").
func (d *doc) catenativeCue(lo, hi int) bool {
	toks := d.toks
	return lo+1 < hi && toks[lo].seg < 0 && (toks[lo].lower == "by" || toks[lo].lower == "to") && d.cueOfAttr(lo+1)
}

// carrierObject reports whether the content [lo, hi) of a learned cue is
// a document that carries the words, then a participle cue ("issued a
// statement saying …", "sent an email Tuesday saying …"): the words
// belong to the participle's attribution, which the curated rules find.
func (d *doc) carrierObject(lo, hi int) bool {
	toks := d.toks
	for k := lo; k < hi-1 && k < lo+4; k++ {
		t := toks[k]
		if t.seg >= 0 || t.kind != tkWord {
			return false
		}
		if !documentNouns[t.lower] {
			continue
		}
		j := k + 1
		for j < hi-1 && toks[j].kind == tkWord && toks[j].seg < 0 && timeWords[toks[j].lower] {
			j++
		}
		f, ok := d.lx.match(toks, j)
		return ok && f.participle && f.verb.class == cueSpeech
	}
	return false
}

// cutAtSubordinate ends a learned cue's content, an object or a verb
// phrase, before a clause of its own: a semicolon, or a comma then
// "but" or a conjunction of concession or cause ("endorsed the deal,
// although she made it clear …", "criticized the plan, but voted for
// it"); by cross-validation a comma then "and", "when" or "as" more often
// continues it.
func (d *doc) cutAtSubordinate(lo, hi int) int {
	toks := d.toks
	for k := lo + 1; k < hi-1; k++ {
		t := toks[k]
		if t.seg >= 0 {
			continue
		}
		if t.text == ";" {
			return k
		}
		if t.text == "," && toks[k+1].seg < 0 && (clauseSubordinators[toks[k+1].lower] || toks[k+1].lower == "but") {
			return k
		}
	}
	return hi
}

// cutAtCoordinatedCue ends a learned cue's content before a coordinated
// cue ("called him divisive and accused him of …", "conceded that … but
// implied that …") or a clause with a speaker and cue of its own ("who
// agree with him, Benjamin said …"), which have content of their own.
func (d *doc) cutAtCoordinatedCue(lo, hi int) int {
	toks := d.toks
	for k := lo + 1; k < hi-1; k++ {
		t := toks[k]
		if t.seg < 0 && t.text == "," {
			// "generals who agree with him, Benjamin said …": a clause with
			// its own speaker and cue
			if na, nb, ok := d.npAfter(k+1, hi); ok && na == k+1 && nb < hi {
				if f, ok := d.lx.match(toks, nb); ok && !f.participle && !(nb+len(f.words) < hi && toks[nb+len(f.words)].text == ",") {
					return k // (", Bob said, while …" is a parenthetical)
				}
			}
			continue
		}
		if t.seg >= 0 || t.kind != tkWord || !(t.lower == "and" || t.lower == "but") {
			continue
		}
		j := k + 1
		for j < hi && j < k+3 && toks[j].kind == tkWord && (auxAdverbs[toks[j].lower] || isAdverb(toks[j].lower)) {
			j++
		}
		if j < hi && d.cueVerbAt(j, learnedThreshold) {
			return k
		}
	}
	return hi
}

// takeIdiom reports whether the form of "take" at token i opens an idiom
// of stance ("took aim at", "takes issue with"), which is a cue.
func (d *doc) takeIdiom(i int) bool {
	return takeForms[d.toks[i].lower] && i+1 < len(d.toks) && (d.toks[i+1].lower == "aim" || d.toks[i+1].lower == "issue")
}

var takeForms = set("take", "takes", "took", "taken", "taking")

// actionVerbs report deeds, never words or thoughts ("Judge Urbanski
// sentenced Fields to life", "Vinnie DeVita avoided being caught up"):
// however their contexts score, they are no cues. Seen as learned cues
// in BBC, Reuters and Wikinews articles, outside the training data.
var actionVerbs = func() map[string]bool {
	m := map[string]bool{}
	for _, lemma := range []string{"sentence", "avoid", "launch", "provide", "fire", "start", "celebrate", "arrest", "kill"} {
		m[lemma] = true
		for _, f := range regularForms(lemma) {
			m[f] = true
		}
	}
	// "took the stage", "took the next exit" (but see takeIdiom)
	for f := range takeForms {
		m[f] = true
	}
	// "found" (establish) but not the word itself: it is also the past of
	// find, a report's finding
	for _, f := range regularForms("found") {
		m[f] = true
	}
	return m
}()

// makeForms and pushForms are light verbs whose sense is in their object:
// "made the case that …", "pushed for …" report words and stances, "made
// a surprise visit", "pushed the vote back a week", "must not be pushed
// to the main page" report deeds.
var (
	makeForms = set("make", "makes", "made", "making")
	pushForms = set("push", "pushes", "pushed", "pushing")
)

// deedForms are word forms the cue model scores as cues from their
// contexts in PolNeAR that are deeds wherever they were seen: none of
// their predictions was right in cross-validation ("decide", "identify",
// "puts", "drew", "crack", "offers": "O2 offers a free service").
var deedForms = set("decide", "identify", "puts", "drew", "crack", "offers")

// speechObjects are the heads of the objects that make "make" and "push"
// report words, thoughts or stances ("made clear", "made the case", "made
// comments", "pushing the idea", "pushed a claim").
var speechObjects = set("clear", "known", "secret", "note", "case", "cases", "statement", "statements", "allegation",
	"allegations", "charge", "charges", "comment", "comments", "remark", "remarks", "observation",
	"observations", "point", "points", "mention", "apology", "apologies", "call", "calls", "commitment",
	"commitments", "joke", "jokes", "prediction", "predictions", "claim", "claims", "argument", "arguments",
	"appeal", "appeals", "promise", "promises", "pledge", "pledges", "vow", "vows", "threat", "threats",
	"accusation", "accusations", "announcement", "announcements", "plea", "pleas", "pitch", "decision",
	"decisions", "choice", "choices", "suggestion", "suggestions", "proposal", "proposals", "offer", "offers",
	"request", "requests", "demand", "demands", "reference", "references", "assertion", "assertions",
	"declaration", "speech", "speeches", "idea", "ideas", "notion", "theory", "theories", "narrative",
	"message", "assurance", "assurances", "excuse", "excuses", "complaint", "complaints", "criticism",
	"recommendation", "recommendations", "endorsement", "admission", "confession", "pronouncement",
	"pronouncements", "overture", "overtures", "concession", "concessions", "denial", "denials", "agenda",
	"policy", "policies", "plan", "plans", "view", "views", "position", "line", "story", "lie", "lies",
	"effort", "efforts", "bid", "legislation", "bill", "measure", "reform", "reforms")

// maxObjectWords bounds the words of an object before its head in
// deedSense ("made a very strong and impassioned call").
const maxObjectWords = 6

// deedSense reports whether the form of "make" or "push" at token i
// reports a deed: neither "push for", "push back" nor "push" in the
// active with a speech object, nor "make" with one before any
// preposition or punctuation.
func (d *doc) deedSense(i int) bool {
	toks := d.toks
	w := toks[i].lower
	if deedForms[w] {
		return true
	}
	mk, push := makeForms[w], pushForms[w]
	if !mk && !push {
		return false
	}
	if push {
		if i+1 < len(toks) && toks[i+1].seg < 0 && (toks[i+1].lower == "for" || toks[i+1].lower == "back") {
			return false
		}
		if w == "pushed" && i > 0 && (beForms[toks[i-1].lower] || toks[i-1].lower == "get" || toks[i-1].lower == "got") {
			return true // "must not be pushed to the main page": a deed done to the subject
		}
	}
	for j := i + 1; j < len(toks) && j <= i+maxObjectWords; j++ {
		t := toks[j]
		if t.seg >= 0 {
			return false // a quotation: its words
		}
		if t.kind != tkWord {
			return true
		}
		if speechObjects[t.lower] {
			return false
		}
		if j > i+1 && (prepositions[t.lower] || t.lower == "that") {
			return true
		}
	}
	return true
}

// prepositions end the object of a light verb ("made a visit to Iraq").
var prepositions = set("to", "of", "for", "in", "on", "at", "with", "about", "from", "into", "by", "over", "after",
	"before", "during", "against", "through", "since", "until", "across")
