package entities

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsfind/newsfind/internal/gazetteer"
	"github.com/newsfind/newsfind/schema"
)

// maxAcronym bounds what counts as an acronym ("NATO", "U.N.", "ISIS").
const maxAcronym = 8

// resolveOrgs groups organisation mentions: by normalised name; a short
// form the text defines in parentheses ("Islamic State (IS)") or whose
// letters are the initials of a longer name in the article ("NSC" for
// "National Security Council") joins the longer name; a name that starts
// another ("Global Coalition" of "Global Coalition to Counter ISIS") joins
// it; a head noun alone ("the Commission", "the Bank") joins the full name
// with that word mentioned last before it ("European Commission", "Bank of
// England"); a few very common short forms join through a curated table (ISIS,
// ISIL, Daesh -> Islamic State). The canonical name is the curated one, else
// the longest mention.
func (d *doc) resolveOrgs(ms []*mention) []*cluster {
	var out []*cluster
	byKey := map[string]*cluster{}
	alias := map[string]*cluster{} // acronym key -> cluster, from parentheses
	for _, m := range ms {
		if m.typ != schema.TypeOrganization {
			continue
		}
		key := m.norm
		if key == "" {
			continue
		}
		canon := ""
		if c, ok := orgAliases[key]; ok && (len(key) > 4 || isAcronym(strings.Join(m.words, " "))) {
			canon = c
			key = gazetteer.Normalize(c)
		}
		c := byKey[key]
		if c == nil {
			c = alias[key]
		}
		if c == nil {
			c = &cluster{typ: schema.TypeOrganization, key: key, name: canon}
			byKey[key] = c
			out = append(out, c)
		}
		c.ments = append(c.ments, m)
		if abbr, ok := d.parenthetical(m.e); ok {
			ak := gazetteer.Normalize(abbr)
			if _, taken := byKey[ak]; !taken && alias[ak] == nil {
				alias[ak] = c
			}
		}
	}
	// Merge acronyms and prefixes into the longer names they stand for.
	merged := map[*cluster]*cluster{}
	for _, c := range out {
		if a := alias[c.key]; a != nil && a != c {
			merged[c] = a
			continue
		}
		for _, long := range out {
			if long == c || merged[long] != nil {
				continue
			}
			if isAcronymOf(c.key, long) || isPrefixOf(c, long) {
				merged[c] = long
				break
			}
		}
		if merged[c] == nil && c.name == "" && orgHeadNouns[c.key] {
			if long := headNounOf(c, out, merged); long != nil {
				merged[c] = long
			}
		}
	}
	var kept []*cluster
	for _, c := range out {
		target := c
		for hops := 0; merged[target] != nil && hops < len(out); hops++ {
			target = merged[target]
		}
		if target != c {
			target.ments = append(target.ments, c.ments...)
			if target.name == "" && c.name != "" {
				target.name = c.name
			}
			continue
		}
		kept = append(kept, c)
	}
	for _, c := range kept {
		if c.name != "" {
			continue
		}
		// The longest mention, without a sentence-initial "The" that other
		// mentions do without ("The White House said" / "the White House").
		best := c.ments[0]
		bare := false
		for _, m := range c.ments {
			if m.words[0] != "The" {
				bare = true
			}
		}
		// a mention in mixed case beats one in capitals (the headline's
		// "WORLD BANK" is the World Bank)
		bestCaps := d.allCaps(best.s, best.e)
		for _, m := range c.ments[1:] {
			caps := d.allCaps(m.s, m.e)
			if caps != bestCaps {
				if bestCaps {
					best, bestCaps = m, false
				}
				continue
			}
			if len(m.words) > len(best.words) {
				best = m
			}
		}
		s := best.s
		if bare && best.words[0] == "The" && best.e-s > 1 {
			s++
		}
		c.name = d.nameText(s, best.e)
	}
	return kept
}

// allCaps reports whether tokens [s, e) have no lower-case letter and two
// or more letters in all: isAllCaps of their text (the white space between
// them has neither).
func (d *doc) allCaps(s, e int) bool { return isAllCaps(d.mentionText(s, e)) }

// parenthetical returns the acronym in "( ABC )" right after token e.
func (d *doc) parenthetical(e int) (string, bool) {
	if e+2 >= len(d.toks) || d.toks[e].Text != "(" || d.toks[e+2].Text != ")" {
		return "", false
	}
	w := d.toks[e+1].Text
	return w, isAcronym(w)
}

// isAcronym reports whether w is 2..maxAcronym capital letters, optionally
// dotted ("UN", "U.N.", "ISIS") and possibly with a lower-case letter inside
// ("DoD" is not; "ISIL" is).
func isAcronym(w string) bool {
	n := 0
	for _, r := range w {
		switch {
		case r == '.':
		case unicode.IsUpper(r):
			n++
		default:
			return false
		}
	}
	return n >= 2 && n <= maxAcronym
}

// isAcronymOf reports whether key (a normalised acronym such as "nsc") is
// made of the initials of one of long's multi-word mentions, with or
// without its function words.
func isAcronymOf(key string, long *cluster) bool {
	if strings.Contains(key, " ") || len(key) < 2 || len(key) > maxAcronym {
		return false
	}
	for _, m := range long.ments {
		if len(m.words) < 2 {
			continue
		}
		// the initials in stack buffers (a long name grows them on the heap)
		var allBuf, contentBuf [4 * maxAcronym]byte
		all, content := allBuf[:0], contentBuf[:0]
		for _, w := range m.words {
			r, _ := utf8.DecodeRuneInString(w)
			r = unicode.ToLower(r)
			all = utf8.AppendRune(all, r)
			if !inLower(functionWords, w) {
				content = utf8.AppendRune(content, r)
			}
		}
		if key == string(content) || key == string(all) {
			return true
		}
	}
	return false
}

// isPrefixOf reports whether c's name (two or more words) is a proper
// word-prefix of a name in long ("Global Coalition" / "Global Coalition to
// Counter ISIS").
func isPrefixOf(c, long *cluster) bool {
	if !strings.Contains(c.key, " ") || c.name != "" {
		return false
	}
	for _, m := range long.ments {
		// m.norm is gazetteer.Normalize of m's words (retype), as for
		// every organisation mention
		if k := m.norm; len(k) > len(c.key) && k[len(c.key)] == ' ' && strings.HasPrefix(k, c.key) {
			return true
		}
	}
	return false
}

// orgHeadNouns are the head nouns of organisation names that a text uses
// alone, capitalised, for a body it has named in full ("the Commission"
// after "the European Commission", "the Bank" after "the Bank of
// England"). Alone they name no organisation of their own.
var orgHeadNouns = set("commission", "bank", "ministry", "department", "association", "agency", "board",
	"council", "committee", "exchange", "fund", "federation", "union", "company", "corporation", "party",
	"group", "institute", "foundation", "authority", "office", "bureau", "administration", "organisation",
	"organization", "court", "service", "tribunal", "assembly", "society", "trust", "corp", "league")

// headNounOf returns the organisation cluster that a cluster named by a
// head noun alone (c, "Commission") stands for: one of out, not merged
// away, with a multi-word mention that has the noun as a word, the one
// mentioned last before c's first mention, else the first one after it;
// nil when there is none.
func headNounOf(c *cluster, out []*cluster, merged map[*cluster]*cluster) *cluster {
	first := c.firstStart()
	var before, after *cluster
	lastBefore, firstAfter := -1, -1
	for _, long := range out {
		if long == c || merged[long] != nil || !strings.Contains(long.key, " ") {
			continue
		}
		for _, m := range long.ments {
			if !hasWord(m.norm, c.key) {
				continue
			}
			if m.s < first && m.s > lastBefore {
				before, lastBefore = long, m.s
			}
			if m.s > first && (firstAfter < 0 || m.s < firstAfter) {
				after, firstAfter = long, m.s
			}
		}
	}
	if before != nil {
		return before
	}
	return after
}

// hasWord reports whether the space-separated words of s include w.
func hasWord(s, w string) bool {
	for len(s) > 0 {
		i := strings.IndexByte(s, ' ')
		if i < 0 {
			return s == w
		}
		if s[:i] == w {
			return true
		}
		s = s[i+1:]
	}
	return false
}
