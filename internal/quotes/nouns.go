package quotes

// Stances and statements named by a noun with their holder in the
// possessive ("Trump's support for the wall", "her opposition to the deal",
// "Clinton's attacks on Sanders") are attributions too, as PolNeAR
// annotates them: the possessor is the speaker and the noun's object the
// content.

// topicNouns map a stance or statement noun to the prepositions that open
// its object: the nouns whose possessive reading was an attribution more
// often than not by cross-validation ("his support for", "her opposition
// to", "its position on" were not).
var topicNouns = map[string]map[string]bool{
	"attack":      set("on"),
	"attacks":     set("on"),
	"endorsement": set("of"),
	"criticism":   set("of"),
	"praise":      set("for", "of"),
}

// topicNounFilter holds the keys of topicNouns, so that most words are
// found absent without probing the map.
var topicNounFilter = func() (f wordFilter) {
	for w := range topicNouns {
		f.add(w)
	}
	return f
}()

// nounAttributions adds the attributions of stance nouns in sentence si.
func (d *doc) nounAttributions(si int, st sent, end int) {
	toks := d.toks
	for i := st.s + 1; i < end-2; i++ {
		t := toks[i]
		if t.kind != tkWord || t.seg >= 0 || !topicNounFilter.mayHave(t.lower) {
			continue
		}
		preps := topicNouns[t.lower]
		if preps == nil || !preps[toks[i+1].lower] || toks[i+1].seg >= 0 {
			continue
		}
		// the possessor, with at most one modifier between ("his vocal
		// support for")
		p := i - 1
		possessor := func(t tok) bool { return isPossessive(t) || possessivePronouns[t.lower] }
		if p > st.s && !possessor(toks[p]) && toks[p].kind == tkWord && !stopwords[toks[p].lower] && !determiners[toks[p].lower] {
			p--
		}
		if p < st.s || toks[p].seg >= 0 || !possessor(toks[p]) || d.cueOfAttr(i) || d.insideContent(si, i) {
			continue
		}
		spkS, spkE := p, p+1
		if !possessivePronouns[toks[p].lower] {
			sa, _, ok := d.npEndingAt(st.s, p)
			if !ok {
				continue
			}
			spkS = sa
		}
		lo, hi := i+2, i+2
		for hi < end && hi < lo+12 {
			n := toks[hi]
			if n.seg >= 0 || n.kind != tkWord || relativeVerbs[n.lower] || nounStops[n.lower] {
				break
			}
			if _, cue := d.lx.match(toks, hi); cue {
				break
			}
			hi++
		}
		if hi <= lo {
			continue
		}
		a := attribution{cueS: i, cueE: i + 2, spkS: spkS, spkE: spkE, rel: -1, from: -1, sent: si, para: t.para}
		if d.setContent(&a, lo, hi) {
			d.add(a)
		}
	}
}

var (
	possessivePronouns = set("his", "her", "their", "its", "our", "my", "your")
	nounStops          = set("that", "which", "who", "because", "as", "when", "while", "but", "since", "after", "before", "if", "although", "though")
)
