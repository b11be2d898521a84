package quotes

// Titles of works and programmes are set in quotation marks in American
// news ("on Fox News Channel’s “Hannity,”", "the reality show “The
// Apprentice.”"), but they are names, not speech.

// workNouns name works whose titles news writing sets in quotation marks.
var workNouns = set("show", "shows", "program", "programme", "series", "book", "books", "film", "films", "movie",
	"movies", "documentary", "song", "songs", "album", "column", "podcast", "segment", "broadcast", "episode",
	"play", "musical", "sitcom", "novel", "memoir", "essay", "op-ed", "editorial", "article", "headline",
	"titled", "entitled", "newsletter", "magazine", "channel", "network", "station")

// titlePreps are the prepositions a programme or publication follows
// ("on “Meet the Press,”", "in “The Art of the Deal”").
var titlePreps = set("on", "in", "of", "from", "at")

// titleFunctionWords may stand lowercase inside a title.
var titleFunctionWords = set("of", "the", "and", "a", "an", "in", "on", "for", "to", "at", "with", "&", "de", "or", "from", "by")

// maxTitleWords bounds a title: longer quotations are speech.
const maxTitleWords = 6

// titleQuote reports whether segment si is the title of a work rather
// than speech: one to six words, each capitalized but for short function
// words, right after a possessive, a title preposition or a noun that
// names a work, in the same paragraph.
func (d *doc) titleQuote(si int) bool {
	if si < 0 || si >= len(d.segs) {
		return false
	}
	sg := d.segs[si]
	if sg.close < 0 || sg.open < 1 {
		return false
	}
	p := d.toks[sg.open-1]
	if p.text == "," && p.seg < 0 && sg.open >= 2 && workNouns[d.toks[sg.open-2].lower] {
		p = d.toks[sg.open-2] // "Trump's reality TV show, “The Apprentice,”"
	}
	if p.kind != tkWord || p.seg >= 0 || p.para != d.toks[sg.open].para {
		return false
	}
	if !(isPossessive(p) || titlePreps[p.lower] || workNouns[p.lower]) {
		return false
	}
	words := 0
	trailing := false // punctuation may only close the title ("Hannity,")
	for k := sg.open + 1; k < sg.close; k++ {
		t := d.toks[k]
		switch t.kind {
		case tkWord:
			if trailing {
				return false
			}
			words++
			if words > maxTitleWords || !t.capitalized() && (words == 1 || !titleFunctionWords[t.lower]) {
				return false
			}
		case tkPunct:
			switch t.text {
			case ",", ".", "!", "?":
				trailing = true
			case ":", "&", "-":
			default:
				return false
			}
		default:
			return false
		}
	}
	return words > 0
}

// titleBefore reports whether the text ending at token i is a title in
// quotation marks, maybe followed by a comma: "on MSNBC’s “Morning Joe,”".
func (d *doc) titleBefore(lo, i int) bool {
	if i < lo {
		return false
	}
	if d.toks[i].text == "," && d.toks[i].seg < 0 {
		i--
	}
	return i >= lo && d.toks[i].seg >= 0 && d.segs[d.toks[i].seg].close == i && d.titleQuote(d.toks[i].seg)
}

// namingForms give something its name rather than report words ("a group
// called the “We The People Foundation”", "a class named for Ali").
var namingForms = set("called", "named", "dubbed", "titled", "entitled", "nicknamed", "known")

// namingParticiple reports whether token i is a participle that names the
// thing before it: a naming form right after a lowercase noun that is not
// a speaker, followed by a name, a quotation or "for" ("a boxing class
// named for Ali", "one PAC called Stop Hillary").
func (d *doc) namingParticiple(i int) bool {
	toks := d.toks
	t := toks[i]
	if !namingForms[t.lower] || i == 0 || i+1 >= len(toks) {
		return false
	}
	p := toks[i-1]
	if p.kind != tkWord || p.seg >= 0 || p.capitalized() || subjectPronouns[p.lower] || relativePronouns[p.lower] ||
		stopwords[p.lower] && p.lower != "not" || auxAdverbs[p.lower] || isAdverb(p.lower) || isPossessive(p) {
		return false
	}
	if roleNouns[p.lower] || speakerNouns[p.lower] {
		// a noun that could speak names only after an indefinite
		// article: "a group called …", not "the group called him …"
		if i < 2 || !(toks[i-2].lower == "a" || toks[i-2].lower == "an" || toks[i-2].lower == "one") {
			return false
		}
	}
	n := toks[i+1]
	switch {
	case n.seg >= 0 && d.segs[n.seg].open == i+1:
		return true
	case n.kind == tkWord && n.capitalized():
		return true
	case n.lower == "the" && i+2 < len(toks) && (toks[i+2].capitalized() || toks[i+2].seg >= 0):
		return true
	case n.lower == "for" && p.lower != "not":
		return true
	}
	return false
}
