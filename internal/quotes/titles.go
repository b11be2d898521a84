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
