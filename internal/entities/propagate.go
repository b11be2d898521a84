package entities

import (
	"strings"

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
		c      *cluster
		typ    string
		single bool
	}
	names := map[string]target{}
	add := func(words []string, c *cluster) {
		if len(words) == 0 || len(words) > maxNameTokens {
			return
		}
		k := strings.Join(words, " ")
		if _, ok := names[k]; !ok {
			names[k] = target{c, c.typ, len(words) == 1}
		}
	}
	for _, c := range clusters {
		for _, m := range c.ments {
			if !m.role && m.hyphenBase == 0 {
				add(m.words, c)
			}
		}
		if c.typ == schema.TypePerson && len(c.words) >= 2 {
			add([]string{surname(c.words)}, c)
		}
	}
	if len(names) == 0 {
		return
	}
	sentStart := map[int]bool{}
	for _, s := range d.sents {
		sentStart[s.Start] = true
		// A sentence opening with a quote mark starts at the word after it.
		if s.Start+1 < len(d.toks) && isPunct(d.toks[s.Start].Text) {
			sentStart[s.Start+1] = true
		}
	}
	words := make([]string, 0, maxNameTokens)
	for i := 0; i < len(d.toks); i++ {
		if d.covered[i] || !isCapitalised(d.toks[i].Text) {
			continue
		}
		// Longest uncovered run of tokens that is a known name.
		words = words[:0]
		var best target
		bestEnd := -1
		for j := i; j < len(d.toks) && j-i < maxNameTokens && !d.covered[j]; j++ {
			words = append(words, d.toks[j].Text)
			if t, ok := names[strings.Join(words, " ")]; ok {
				best, bestEnd = t, j+1
			}
		}
		if bestEnd < 0 || inFurniture(furniture, d.toks[i].StartByte) {
			continue
		}
		if d.runsOn(i, bestEnd) {
			continue
		}
		if best.single {
			w := d.toks[i].Text
			isSurname := best.typ == schema.TypePerson && len(best.c.words) >= 2
			if !isAcronym(w) && !isSurname && sentStart[i] {
				continue
			}
		}
		m := &mention{typ: best.typ, s: i, e: bestEnd}
		m.words = make([]string, bestEnd-i)
		for k := i; k < bestEnd; k++ {
			m.words[k-i] = d.toks[k].Text
			d.covered[k] = true
		}
		best.c.ments = append(best.c.ments, m)
		i = bestEnd - 1
	}
}

// runsOn reports whether the tokens [s, e) are part of a longer run of
// capitalised words in the same sentence ("Obama Foundation").
func (d *doc) runsOn(s, e int) bool {
	if e < len(d.toks) && d.sentOf[e] == d.sentOf[s] && isCapitalised(d.toks[e].Text) {
		return true
	}
	if s > 0 && d.sentOf[s-1] == d.sentOf[s] && isCapitalised(d.toks[s-1].Text) {
		prev := d.toks[s-1].Text
		return !strings.EqualFold(prev, "the") && !isRoleWord(prev) && !honorifics[strings.ToLower(prev)]
	}
	return false
}
