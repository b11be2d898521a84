package quotes

import (
	"strings"
	"unicode"
)

// sent is a sentence as a token range [s, e). Quotations are atomic: a
// sentence never ends inside one, so "“A. B. C,” she said." is one sentence.
// page marks a label of the web page around the article ("Story
// highlights"), which is no sentence of the article and attributes nothing.
type sent struct {
	s, e int
	page bool
}

func (d *doc) splitSentences() {
	start := 0
	for i := 0; i < len(d.toks); i++ {
		if n := d.pageLabel(i); n > 0 {
			if start < i {
				d.sents = append(d.sents, sent{s: start, e: i})
			}
			d.sents = append(d.sents, sent{s: i, e: i + n, page: true})
			start = i + n
			i += n - 1
			continue
		}
		if i+1 == len(d.toks) || d.boundaryAfter(i) {
			d.sents = append(d.sents, sent{s: start, e: i + 1})
			start = i + 1
		}
	}
}

// pageLabels are the labels of web page parts that scrapers keep in an
// article's text, in lower case: a label stands apart from the sentences
// around it ("Story highlights Joseph Nye says …" is Nye's sentence, not
// one with the speaker "Story" and the cue "highlights").
var pageLabels = [][]string{
	{"story", "highlights"},
	{"story", "continued", "below"},
	{"media", "playback", "is", "unsupported", "on", "your", "device"},
	{"media", "caption"},
	{"image", "caption"},
	{"enlarge", "this", "image"},
	{"toggle", "caption"},
	{"just", "watched"},
	{"replay", "more", "videos"}, // then "... MUST WATCH" and the video's title again
}

// pageLabelRest are the labels after which the paragraph only repeats
// what came before it.
var pageLabelRest = map[string]bool{"replay": true}

// pageLabel returns the number of tokens of the page label that starts at
// token i (its first word capitalised, no word quoted), with the rest of
// the paragraph for a label after which it repeats itself, or 0.
func (d *doc) pageLabel(i int) int {
	toks := d.toks
	if t := toks[i]; t.kind != tkWord || !t.upper || t.seg >= 0 {
		return 0
	}
next:
	for _, l := range pageLabels {
		if toks[i].lower != l[0] || i+len(l) > len(toks) {
			continue
		}
		for k, w := range l {
			if t := toks[i+k]; t.lower != w || t.seg >= 0 || t.para != toks[i].para {
				continue next
			}
		}
		n := len(l)
		if pageLabelRest[l[0]] {
			for i+n < len(toks) && toks[i+n].para == toks[i].para {
				n++
			}
		}
		return n
	}
	return 0
}

func isTerminal(t tok) bool {
	if t.kind != tkPunct {
		return false
	}
	switch t.text {
	case ".", "!", "?", "…":
		return true
	}
	return false
}

// canStart reports whether t can open a sentence.
func (d *doc) canStart(t tok) bool {
	switch t.kind {
	case tkWord:
		r := []rune(t.text)[0]
		return unicode.IsUpper(r) || unicode.IsDigit(r)
	case tkDQ, tkSQ:
		return markRole(d.rs, t) != -1
	case tkPunct:
		return t.text == "(" || t.text == "[" || t.text == "—"
	}
	return false
}

// sentenceOpeners follow an abbreviation at a sentence end ("… in the U.S. The …"),
// capitalised.
var sentenceOpeners = map[string]bool{
	"the": true, "he": true, "she": true, "it": true, "they": true, "we": true, "i": true, "but": true,
	"and": true, "in": true, "this": true, "that": true, "a": true, "an": true, "his": true, "her": true,
	"their": true, "there": true, "as": true, "on": true, "at": true, "for": true, "if": true, "when": true,
	"mr.": true, "mrs.": true, "ms.": true, "dr.": true,
}

func (d *doc) boundaryAfter(i int) bool {
	toks := d.toks
	t, n := toks[i], toks[i+1]
	if t.seg >= 0 && n.seg == t.seg {
		return false // inside a quotation, also across paragraphs
	}
	if n.para != t.para {
		return true
	}
	if t.seg >= 0 {
		sg := d.segs[t.seg]
		if i != sg.last || sg.close < 0 {
			return false
		}
		// after a closing mark: "… end.” He left." ends a sentence;
		// "… end?” Smith asked." does not.
		if i-1 > sg.open && isTerminal(toks[i-1]) && d.canStart(n) {
			// after a period the attribution must be bare ("“….” Smith
			// said."): "“….” Greene added that …" starts a new sentence
			return !d.attributionFollows(i+1, toks[i-1].text == ".")
		}
		return false
	}
	if isTerminal(t) {
		if !d.canStart(n) || t.text == "." && i > 0 && (toks[i-1].text == "No" || toks[i-1].text == "Nos") && n.kind == tkWord && isNumber(n.text) {
			return false // "the No. 2 spot"
		}
		if n.seg >= 0 && d.segs[n.seg].open == i+1 {
			return true
		}
		return !d.attributionFollowsInverted(i + 1)
	}
	if t.kind == tkWord && strings.HasSuffix(t.text, ".") && !titleAbbrevs[t.lower] && len([]rune(t.text)) > 2 {
		if n.seg >= 0 && d.segs[n.seg].open == i+1 {
			// "… in the U.S. “We …" ends a sentence; "the U.S. “clearly”
			// needed …" does not
			return i+2 >= len(toks) || toks[i+2].kind != tkWord || d.canStart(toks[i+2])
		}
		// a sentence opens with a capital: "the U.S. and Japan", also
		// wrapped ("the U.S.\nand Japan"), goes on
		return n.kind == tkWord && n.upper && sentenceOpeners[n.lower]
	}
	return false
}

// attributionFollows reports whether the tokens from j on read like an
// attribution clause: a cue verb within a few words, before any punctuation.
func (d *doc) attributionFollows(j int, bare bool) bool {
	for k := j; k < len(d.toks) && k < j+7; k++ {
		t := d.toks[k]
		if t.para != d.toks[j].para || t.kind != tkWord || t.seg >= 0 {
			return false
		}
		if f, ok := d.lx.match(d.toks, k); ok && f.verb.class == cueSpeech && !f.participle {
			if k > j && beForms[d.toks[k-1].lower] {
				return false // "….” Sanders was asked to …": a passive starts a sentence
			}
			return !bare || d.bareAttribution(k+len(f.words))
		}
	}
	return false
}

// bareAttribution reports whether the attribution clause whose cue ends
// at token j ends its sentence within a few words ("… Smith said on
// Tuesday."), with no reported clause of its own.
func (d *doc) bareAttribution(j int) bool {
	for k := j; k < len(d.toks) && k < j+8; k++ {
		t := d.toks[k]
		if t.para != d.toks[j-1].para || t.seg >= 0 || t.lower == "that" || t.text == ":" {
			return false
		}
		if k == j && t.kind == tkWord && (determiners[t.lower] && t.lower != "this" && t.lower != "last" || subjectPronouns[t.lower] && !relativePronouns[t.lower]) {
			return false // "….” Officials said the vote was fair.": a reported clause
		}
		if isTerminal(t) {
			return true
		}
	}
	return j >= len(d.toks)
}

// attributionFollowsInverted is a narrower test after a period: only
// "… . Said Smith" style is unusual, so just never join.
func (d *doc) attributionFollowsInverted(int) bool { return false }
