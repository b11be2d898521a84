package quotes

import "strings"

// cueClass says what a cue verb can introduce.
type cueClass uint8

const (
	// cueSpeech: verbs of saying; they attribute direct quotes, allow
	// inversion ("…," said Smith) and reported clauses.
	cueSpeech cueClass = iota
	// cueReport: verbs that attribute a reported clause or a quote but are
	// rarely inverted (argue, warn, suggest, believe …).
	cueReport
)

// cueVerb describes one cue lemma.
type cueVerb struct {
	lemma string
	class cueClass
	// object: the verb takes a listener before the clause (told reporters
	// that…, warned voters that…).
	object bool
	// needsQuote: the content must contain a quotation (called it “a
	// disaster”, described him as “a loser”): a mixed quote.
	needsQuote bool
	// needsThat: only a "that"/wh- clause or a quotation counts as content
	// (believe that…, not "believe in").
	needsThat bool
	// toInf: an infinitive is reported content (vowed to fight, urged
	// voters to turn out).
	toInf bool
	// quoteOrThat: after the cue, only a quotation, a "that" clause or
	// words after a colon or comma are reported ("he continued, “…”",
	// "she continued that …"); an object is not ("continued his push",
	// "will continue screening").
	quoteOrThat bool
	// toObject: what follows "to" after the cue is the content, the thing
	// responded to ("did not respond to requests for comment").
	toObject bool
}

// topicPreps are the prepositions after a cue verb that open its topic,
// which is the reported content ("warned of a recession", "complained
// about the rules", "asked about the emails").
var topicPreps = map[string]map[string]bool{
	"ask":      set("about", "for"),
	"warn":     set("of", "about", "against"),
	"complain": set("about", "of"),
	"joke":     set("about"),
	"boast":    set("of", "about"),
	"brag":     set("about"),
	"write":    set("about"),
}

// cueLemmas is the curated cue-verb list. Irregular forms are in irregular.
var cueLemmas = []cueVerb{
	{lemma: "say"}, {lemma: "tell", object: true, toInf: true}, {lemma: "add"}, {lemma: "note"}, {lemma: "write"},
	{lemma: "tweet"}, {lemma: "explain"}, {lemma: "continue", quoteOrThat: true}, {lemma: "ask", object: true, toInf: true},
	{lemma: "reply", toObject: true}, {lemma: "respond", toObject: true}, {lemma: "recall"}, {lemma: "declare"}, {lemma: "state", needsThat: true},
	{lemma: "exclaim"}, {lemma: "shout"}, {lemma: "yell"}, {lemma: "joke"}, {lemma: "quip"},
	{lemma: "remark"}, {lemma: "observe"}, {lemma: "answer"}, {lemma: "insist"}, {lemma: "argue"},
	{lemma: "claim"}, {lemma: "warn", object: true, toInf: true}, {lemma: "announce"}, {lemma: "acknowledge"},
	{lemma: "admit"}, {lemma: "concede"}, {lemma: "deny", needsThat: true}, {lemma: "confirm", needsThat: true},
	{lemma: "predict"}, {lemma: "promise", object: true, toInf: true}, {lemma: "vow", toInf: true}, {lemma: "pledge", toInf: true}, {lemma: "assert"},
	{lemma: "contend"}, {lemma: "maintain", needsThat: true, quoteOrThat: true}, {lemma: "complain"}, {lemma: "caution"},
	{lemma: "stress"}, {lemma: "emphasize"}, {lemma: "emphasise"}, {lemma: "conclude"}, {lemma: "testify"},
	{lemma: "allege"}, {lemma: "charge", needsThat: true}, {lemma: "disclose"}, {lemma: "reveal", needsThat: true},
	{lemma: "boast"}, {lemma: "brag"}, {lemma: "counter"}, {lemma: "retort"}, {lemma: "reiterate"},
	{lemma: "report", needsThat: true}, {lemma: "post", needsThat: true}, {lemma: "recount"},
	{lemma: "suggest", needsThat: true}, {lemma: "believe", needsThat: true}, {lemma: "think", needsThat: true},
	{lemma: "assure", object: true}, {lemma: "remind", object: true}, {lemma: "inform", object: true},
	{lemma: "indicate", needsThat: true}, {lemma: "estimate", needsThat: true}, {lemma: "hint", needsThat: true},
	{lemma: "speculate"}, {lemma: "worry", needsThat: true}, {lemma: "fear", needsThat: true},
	{lemma: "mutter"}, {lemma: "whisper"}, {lemma: "scoff"}, {lemma: "muse"}, {lemma: "wonder"},
	{lemma: "point out"}, {lemma: "go on"}, {lemma: "chime in"}, {lemma: "weigh in"},
	{lemma: "agree", needsThat: true}, {lemma: "opine"}, {lemma: "proclaim"},
	{lemma: "lament"}, {lemma: "concur", needsThat: true}, {lemma: "interject"}, {lemma: "demand", needsThat: true},
	{lemma: "urge", object: true, toInf: true}, {lemma: "know", needsThat: true}, {lemma: "feel", needsThat: true},
	{lemma: "hope", needsThat: true}, {lemma: "expect", needsThat: true}, {lemma: "show", needsThat: true},
	{lemma: "find", needsThat: true}, {lemma: "learn", needsThat: true}, {lemma: "guess", needsThat: true},
	{lemma: "imply", needsThat: true}, {lemma: "insinuate"}, {lemma: "propose", needsThat: true},
	{lemma: "recommend", needsThat: true}, {lemma: "figure", needsThat: true}, {lemma: "realize", needsThat: true},
	{lemma: "understand", needsThat: true}, {lemma: "assume", needsThat: true}, {lemma: "doubt", needsThat: true},
	{lemma: "signal", needsThat: true}, {lemma: "tout"}, {lemma: "notice", needsThat: true},
	{lemma: "call", needsQuote: true}, {lemma: "describe", needsQuote: true}, {lemma: "dub", needsQuote: true},
	{lemma: "label", needsQuote: true}, {lemma: "brand", needsQuote: true}, {lemma: "term", needsQuote: true},
	{lemma: "blast", needsQuote: true}, {lemma: "slam", needsQuote: true}, {lemma: "mock", needsQuote: true},
	{lemma: "praise", needsQuote: true}, {lemma: "criticize", needsQuote: true}, {lemma: "accuse", needsQuote: true},
	{lemma: "refer to", needsQuote: true}, {lemma: "chant"}, {lemma: "read", needsQuote: true}, {lemma: "scream"}, {lemma: "plead"},
	{lemma: "threaten", toInf: true}, {lemma: "put it"}, {lemma: "crack"}, {lemma: "snap"}, {lemma: "shoot back"}, {lemma: "fire back"}, {lemma: "hit back"}, {lemma: "email"}, {lemma: "e-mail"}, {lemma: "text"}, {lemma: "blog"}, {lemma: "posit"},
	{lemma: "talk about", class: cueReport}, {lemma: "speak about", class: cueReport}, {lemma: "speak of", class: cueReport},
}

// irregular maps an irregular lemma to its other forms.
var irregular = map[string][]string{
	"say":         {"says", "said", "saying"},
	"tell":        {"tells", "told", "telling"},
	"write":       {"writes", "wrote", "written", "writing"},
	"think":       {"thinks", "thought", "thinking"},
	"know":        {"knows", "knew", "known", "knowing"},
	"feel":        {"feels", "felt", "feeling"},
	"find":        {"finds", "found", "finding"},
	"show":        {"shows", "showed", "shown", "showing"},
	"understand":  {"understands", "understood", "understanding"},
	"go on":       {"goes on", "went on", "going on"},
	"chime in":    {"chimes in", "chimed in", "chiming in"},
	"weigh in":    {"weighs in", "weighed in", "weighing in"},
	"point out":   {"points out", "pointed out", "pointing out"},
	"learn":       {"learns", "learned", "learnt", "learning"},
	"tweet":       {"tweets", "tweeted", "tweeting"},
	"post":        {"posts", "posted", "posting"},
	"text":        {"texts", "texted", "texting"},
	"blog":        {"blogs", "blogged", "blogging"},
	"brag":        {"brags", "bragged", "bragging"},
	"quip":        {"quips", "quipped", "quipping"},
	"concur":      {"concurs", "concurred", "concurring"},
	"read":        {"reads", "reading"},
	"call for":    {"calls for", "called for", "calling for"},
	"refer to":    {"refers to", "referred to", "referring to"},
	"dub":         {"dubs", "dubbed", "dubbing"},
	"label":       {"labels", "labeled", "labelled", "labeling", "labelling"},
	"signal":      {"signals", "signaled", "signalled", "signaling", "signalling"},
	"put it":      {"puts it", "putting it"},
	"snap":        {"snaps", "snapped", "snapping"},
	"shoot back":  {"shoots back", "shot back", "shooting back"},
	"hit back":    {"hits back", "hitting back"},
	"talk about":  {"talks about", "talked about", "talking about"},
	"speak about": {"speaks about", "spoke about", "spoken about", "speaking about"},
	"speak of":    {"speaks of", "spoke of", "spoken of", "speaking of"},
}

// cueForm is one surface form of a cue verb.
type cueForm struct {
	verb *cueVerb
	// words of the form (multiword cues such as "pointed out").
	words []string
	// participle: the -ing form (saying, adding), which attributes to the
	// subject of the main clause.
	participle bool
}

// lexicon indexes cue forms by their first word; has holds the keys, so
// that most words are found absent without probing the map.
type lexicon struct {
	forms map[string][]cueForm
	has   wordFilter
}

// wordFilter is a set of words that may answer "maybe" for a word not in
// it (a bit per hash of its length and end letters), never "no" for one
// in it: a word it does not hold is in no map built with it.
type wordFilter [64]uint64

func filterHash(w string) uint {
	if w == "" {
		return 0
	}
	return (uint(w[0])*31 + uint(w[len(w)-1])*7 + uint(len(w))*131 + uint(w[len(w)/2])) & 4095
}

func (f *wordFilter) add(w string) { h := filterHash(w); f[h>>6] |= 1 << (h & 63) }

func (f *wordFilter) mayHave(w string) bool { h := filterHash(w); return f[h>>6]&(1<<(h&63)) != 0 }

func buildLexicon() lexicon {
	lx := lexicon{forms: map[string][]cueForm{}}
	for i := range cueLemmas {
		v := &cueLemmas[i]
		forms := irregular[v.lemma]
		if forms == nil {
			forms = regularForms(v.lemma)
		}
		if v.needsThat || v.needsQuote {
			v.class = cueReport
		}
		seen := map[string]bool{}
		for _, f := range append([]string{v.lemma}, forms...) {
			if seen[f] {
				continue
			}
			seen[f] = true
			ws := strings.Fields(f)
			lx.forms[ws[0]] = append(lx.forms[ws[0]], cueForm{verb: v, words: ws, participle: strings.HasSuffix(ws[0], "ing")})
			lx.has.add(ws[0])
		}
	}
	return lx
}

// regularForms inflects a regular English verb: -s, -ed, -ing.
func regularForms(lemma string) []string {
	l := lemma
	var s, ed, ing string
	switch {
	case strings.HasSuffix(l, "y") && !strings.ContainsAny(l[len(l)-2:len(l)-1], "aeiou"):
		s, ed, ing = l[:len(l)-1]+"ies", l[:len(l)-1]+"ied", l+"ing"
	case strings.HasSuffix(l, "e"):
		s, ed, ing = l+"s", l+"d", l[:len(l)-1]+"ing"
	case strings.HasSuffix(l, "s") || strings.HasSuffix(l, "sh") || strings.HasSuffix(l, "ch") || strings.HasSuffix(l, "x"):
		s, ed, ing = l+"es", l+"ed", l+"ing"
	default:
		s, ed, ing = l+"s", l+"ed", l+"ing"
	}
	return []string{s, ed, ing}
}

// match returns the cue form starting at token i, if any.
func (lx *lexicon) match(toks []tok, i int) (cueForm, bool) {
	if !toks[i].isWord() || !lx.has.mayHave(toks[i].lower) {
		return cueForm{}, false
	}
	best, ok := cueForm{}, false
	for _, f := range lx.forms[toks[i].lower] {
		if i+len(f.words) > len(toks) {
			continue
		}
		good := true
		for k := 1; k < len(f.words); k++ {
			if toks[i+k].lower != f.words[k] {
				good = false
				break
			}
		}
		if good && (!ok || len(f.words) > len(best.words)) {
			best, ok = f, true
		}
	}
	return best, ok
}

// isCueAt reports whether a cue form ends at token i.
func (lx *lexicon) isCueAt(toks []tok, i int) bool {
	for k := i; k >= 0 && k > i-3; k-- {
		if f, ok := lx.match(toks, k); ok && k+len(f.words)-1 == i {
			return true
		}
	}
	return false
}
