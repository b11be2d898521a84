package entities

import (
	"sort"
	"strings"

	"github.com/newsfind/newsfind/internal/gazetteer"
	"github.com/newsfind/newsfind/internal/ner"
)

// maxNameRun bounds how far joinNames extends an organisation name.
const maxNameRun = 6

// orgConnectors join the words of an organisation name: "Bank of England",
// "Committee to Protect Journalists", "Council on Foreign Relations".
var orgConnectors = set("of", "for", "to", "on", "against")

// joinNames repairs organisation names the tagger split at a lower-case
// connector ("Global Coalition" ORG + "to" + "Counter ISIS" LOC): an ORG
// span followed by a connector and a run of capitalised words becomes one
// ORG span. After "of" the run may be anything but a person; after the other
// connectors it must not start with a known place or a person, so "sent ISIS
// to Syria" stays apart. Spans must be sorted by Start.
func (d *doc) joinNames(spans []ner.Span) []ner.Span {
	out := make([]ner.Span, 0, len(spans))
	spanAt := map[int]int{} // token -> index in spans of the span starting there
	for i, sp := range spans {
		spanAt[sp.Start] = i
	}
	skipUntil := -1
	for i, sp := range spans {
		if sp.Start < skipUntil {
			continue
		}
		if sp.Type == "ORG" {
			if end := d.nameRun(spans, spanAt, sp.End); end > sp.End {
				sp.End = end
				skipUntil = end
			}
		}
		_ = i
		out = append(out, sp)
	}
	return out
}

// nameRun returns the end of the connector + capitalised run starting at
// token c, or c when there is none.
func (d *doc) nameRun(spans []ner.Span, spanAt map[int]int, c int) int {
	if c+1 >= len(d.toks) || d.sentOf[c+1] != d.sentOf[c] {
		return c
	}
	conn := d.toks[c].Text
	if !orgConnectors[conn] || !isCapitalised(d.toks[c+1].Text) {
		return c
	}
	// The first word after the connector.
	if k, ok := spanAt[c+1]; ok {
		sp := spans[k]
		if sp.Type == "PER" {
			return c
		}
		if conn != "of" {
			norm := gazetteer.Normalize(d.mentionText(sp.Start, sp.End))
			if _, place := d.r.gaz.BestKey(norm, nil); place {
				return c
			}
		}
	} else if d.covered[c+1] {
		return c // inside some other span
	} else if conn != "of" {
		if _, place := d.r.gaz.BestKey(gazetteer.Normalize(d.toks[c+1].Text), nil); place {
			return c
		}
	}
	end := c + 1
	for end < len(d.toks) && end-c <= maxNameRun && d.sentOf[end] == d.sentOf[c] {
		w := d.toks[end].Text
		if k, ok := spanAt[end]; ok {
			if spans[k].Type == "PER" {
				break
			}
			end = spans[k].End
			continue
		}
		if isCapitalised(w) && !isPunct(w) {
			end++
			continue
		}
		// "Islamic State of Iraq and Syria": a function word inside the name.
		if (w == "of" || w == "and" || w == "the") && end+1 < len(d.toks) && isCapitalised(d.toks[end+1].Text) && end > c+1 {
			end++
			continue
		}
		break
	}
	// Never end on a function word.
	for end > c+1 && functionWords[strings.ToLower(d.toks[end-1].Text)] {
		end--
	}
	if end <= c+1 {
		return c
	}
	return end
}

// sortSpans orders spans by start, dropping invalid ones.
func sortSpans(spans []ner.Span, n int) []ner.Span {
	out := make([]ner.Span, 0, len(spans))
	for _, sp := range spans {
		if sp.Start >= 0 && sp.End <= n && sp.Start < sp.End {
			out = append(out, sp)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}
