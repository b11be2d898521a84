package quotes

// Evidential verbs ("Sanders seemed to be of two minds", "the fax machine
// appears to have been broken") mark a clause as the writer's judgement,
// not a fact: attribution corpora such as PolNeAR annotate the clause as
// content with no source. The subject belongs to the content.

// evidentialForms are the forms of seem and appear that mark a judgement.
var evidentialForms = set("seem", "seems", "seemed", "appear", "appears", "appeared")

// notEvidentialNext follow "appear" when it means showing up ("appeared
// on Fox", "appeared in court").
var notEvidentialNext = set("in", "on", "at", "with", "before", "alongside", "onstage", "together", "during",
	"for", "from", "outside", "inside", "near", "behind", "via", "live", "briefly", "regularly", "again", "and",
	"or", "but", "that")

// clauseOpeners start a clause that can hold an evidential, after which
// its content starts.
var clauseOpeners = set("that", "but", "because", "while", "although", "though", "since", "if", "when",
	"whereas", "and")

// evidentialAttributions adds, for each evidential verb of sentence si
// with a complement ("seemed to …", "appears ready", "seemed an insult"),
// a source-less attribution whose content is its clause from the subject
// on: from the sentence start, the comma that closes a fronted adverbial,
// or the subordinator or relative pronoun that opens the clause, to the
// end of the sentence. After an expletive subject ("It seems likely
// that …") the content is what follows the verb.
func (d *doc) evidentialAttributions(si int, st sent, end int) {
	toks := d.toks
	for i := st.s + 1; i < end-1; i++ {
		t := toks[i]
		if l := len(t.lower); l < 4 || l > 8 || t.lower[0] != 's' && t.lower[0] != 'a' {
			continue // a cheap test before the map: seem…, appear…
		}
		if t.kind != tkWord || t.seg >= 0 || !evidentialForms[t.lower] || d.cueOfAttr(i) {
			continue
		}
		n := toks[i+1]
		if n.kind != tkWord || n.seg >= 0 || n.capitalized() || notEvidentialNext[n.lower] || n.lower != "to" && n.lower != "like" && n.lower != "as" && stopwords[n.lower] && !determiners[n.lower] {
			continue
		}
		if n.lower == "to" && i+2 < end && d.cueVerbAt(i+2, learnedThresholdOther) {
			continue // "She appeared to imply that …": her attribution, cue and all
		}
		p := toks[i-1]
		if p.lower == "to" || p.lower == "will" || p.lower == "would" || p.lower == "did" && p.seg < 0 {
			continue // "is scheduled to appear", "will appear": a future appearance
		}
		lo, hi := st.s, d.cutAtNextAttribution(i+1, end)
		for k := i + 1; k < hi; k++ {
			if toks[k].text == ":" && toks[k].seg < 0 && d.attributedQuoteAt(k+1, hi) {
				hi = k // "Clinton seemed irritated: “…,” she wrote"
				break
			}
		}
		if p.kind == tkWord && (p.lower == "it" || p.lower == "there") && (i-2 < st.s || toks[i-2].kind != tkWord || clauseOpeners[toks[i-2].lower]) {
			lo = i + 1 // "It seems pretty likely they will"
		} else {
			for k := i - 1; k > st.s; k-- {
				b := toks[k]
				if b.seg >= 0 {
					break
				}
				if b.kind == tkPunct && (b.text == "," || b.text == ";" || b.text == "—" || b.text == ":") {
					lo = k + 1
					break
				}
				if b.kind == tkWord && (clauseOpeners[b.lower] || relativePronouns[b.lower] || b.lower == "who") && k < i-1 {
					lo = k + 1
					if b.lower == "who" || b.lower == "which" {
						lo = k // "Trump, who seems mired …"
					}
					break
				}
			}
		}
		if i-lo > 12 && lo != i+1 {
			continue // too far from a clause start to tell its subject
		}
		hi = d.insertionEnd(st.s, i, hi) // "the senator, who appears ready, trails"
		if d.insideContent(si, i) {
			continue // "Smith said the committee appears to …": Smith's words
		}
		a := attribution{cueS: i, cueE: i + 1, spkS: -1, rel: -1, from: -1, sent: si, para: t.para}
		if d.setContent(&a, lo, hi) {
			d.add(a)
		}
	}
}

// insideContent reports whether token i lies in the content of an
// attribution of sentence si found so far.
func (d *doc) insideContent(si, i int) bool {
	for k := len(d.attrs) - 1; k >= 0 && d.attrs[k].sent >= si; k-- {
		if a := &d.attrs[k]; a.sent == si && a.tokS <= i && i < a.tokE {
			return true
		}
	}
	return false
}
