package entities

import (
	"slices"

	"github.com/newsfind/newsfind/internal/tokenize"
	"github.com/newsfind/newsfind/schema"
)

// maxNameTokens bounds the names propagate matches.
const maxNameTokens = 8

// propagate adds the occurrences of an entity's names that the tagger
// missed: the same token sequence elsewhere in the text, where no span is.
// Single words are taken only when they are safe on their own: acronyms
// ("ISIS"), surnames of a person named in full, and other names when they
// do not start a sentence; and never when they run into other capitalised
// words (part of a longer name).
func (d *doc) propagate(clusters []*cluster, furniture []ByteRange) {
	type target struct {
		c     *cluster
		words []string
	}
	byFirst := map[string][]target{} // first word -> names starting with it
	add := func(words []string, c *cluster) {
		if len(words) == 0 || len(words) > maxNameTokens {
			return
		}
		// each name once, for the first cluster that has it (tokens hold
		// no spaces, so equal word lists are equal names)
		for _, t := range byFirst[words[0]] {
			if slices.Equal(t.words, words) {
				return
			}
		}
		byFirst[words[0]] = append(byFirst[words[0]], target{c, words})
	}
	var names []string // the words of the canonical names
	for _, c := range clusters {
		for _, m := range c.ments {
			if !m.role && m.hyphenBase == 0 {
				add(m.words, c)
				if c.typ == schema.TypePerson && len(m.words) >= 2 && len(c.words) >= 2 {
					// the surname as each full mention writes it (a
					// transcript's "AILSA CHANG, HOST:" then "CHANG:")
					add([]string{surname(m.words)}, c)
				}
			}
		}
		if c.typ == schema.TypePerson && len(c.words) >= 2 {
			add([]string{surname(c.words)}, c)
		}
		// The canonical name itself ("Islamic State" for an ISIS cluster,
		// "United States" for a "U.S." one).
		if len(c.ments) > 0 && c.name != "" {
			start := len(names)
			for _, t := range tokenize.Tokenize(c.name) {
				names = append(names, t.Text)
			}
			// capped: the next name's words go after it (a reallocation
			// leaves the earlier ones where they were)
			add(names[start:len(names):len(names)], c)
		}
	}
	if len(byFirst) == 0 {
		return
	}
	sentStart := make([]bool, len(d.toks))
	for _, s := range d.sents {
		if s.Start < 0 || s.Start >= len(d.toks) {
			continue
		}
		sentStart[s.Start] = true
		// A sentence opening with a quote mark starts at the word after it.
		if s.Start+1 < len(d.toks) && isPunct(d.toks[s.Start].Text) {
			sentStart[s.Start+1] = true
		}
	}
	for i := 0; i < len(d.toks); i++ {
		if d.covered[i] {
			continue
		}
		cands := byFirst[d.toks[i].Text]
		if len(cands) == 0 {
			continue
		}
		// Longest uncovered token run that is a known name.
		var best target
		bestEnd := -1
		for _, t := range cands {
			end := i + len(t.words)
			if end <= bestEnd || end > len(d.toks) || !d.uncoveredWords(i, t.words) {
				continue
			}
			best, bestEnd = t, end
		}
		if bestEnd < 0 || inFurniture(furniture, d.toks[i].StartByte) || d.runsOn(i, bestEnd) {
			continue
		}
		if len(best.words) == 1 {
			w := d.toks[i].Text
			isSurname := best.c.typ == schema.TypePerson && len(best.c.words) >= 2
			if !isCapitalised(w) || (!isAcronym(w) && !isSurname && sentStart[i]) {
				continue
			}
		}
		for k := i; k < bestEnd; k++ {
			d.covered[k] = true
		}
		best.c.ments = append(best.c.ments, &mention{typ: best.c.typ, s: i, e: bestEnd, words: best.words})
		i = bestEnd - 1
	}
}

// uncoveredWords reports whether the tokens from i are words and none is
// inside a tagger span.
func (d *doc) uncoveredWords(i int, words []string) bool {
	for k, w := range words {
		if d.covered[i+k] || d.toks[i+k].Text != w {
			return false
		}
	}
	return true
}

// runsOn reports whether the tokens [s, e) are part of a longer run of
// capitalised words in the same sentence ("Obama Foundation").
func (d *doc) runsOn(s, e int) bool {
	if e < len(d.toks) && d.sentOf[e] == d.sentOf[s] && isCapitalised(d.toks[e].Text) {
		return true
	}
	if s > 0 && d.sentOf[s-1] == d.sentOf[s] && isCapitalised(d.toks[s-1].Text) {
		prev := d.low[s-1]
		return prev != "the" && !d.isRole(s-1) && !honorifics[prev]
	}
	return false
}
