package eval

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"

	"github.com/newsfind/newsfind/schema"
)

// WithQuoteKinds returns a copy of docs whose gold kinds are recomputed so
// that doubled apostrophes (”…”, the New York Times' quotation marks)
// and “…” count as quotation marks beside " and “ ”. The shipped gold
// kind treats only " and “ ” as marks, so it calls a ”quoted” sentence
// indirect; scores on this variant are reported beside, never instead of,
// the ones on the gold labels.
func WithQuoteKinds(docs []Doc) []Doc {
	out := make([]Doc, len(docs))
	for i, d := range docs {
		out[i] = d
		rs := []rune(d.Text)
		out[i].Quotes = make([]Gold, len(d.Quotes))
		for j, g := range d.Quotes {
			g.Kind = quoteKind(rs, g.Start, g.End, g.Kind)
			out[i].Quotes[j] = g
		}
	}
	return out
}

// quoteKind classifies the gold span [s, e) of rs: direct when it opens
// and closes with a quotation mark (trailing punctuation allowed), mixed
// when it holds a mark elsewhere, else indirect. A span out of range keeps
// its label.
func quoteKind(rs []rune, s, e int, old string) string {
	if s < 0 || e > len(rs) || e <= s {
		return old
	}
	span := strings.TrimSpace(string(rs[s:e]))
	open := func(t string) bool {
		return strings.HasPrefix(t, `"`) || strings.HasPrefix(t, "“") || strings.HasPrefix(t, "''") || strings.HasPrefix(t, "``")
	}
	t := strings.TrimRightFunc(span, func(r rune) bool {
		return r == '.' || r == ',' || r == ';' || r == ':' || r == '?' || r == '!' || unicode.IsSpace(r)
	})
	closeMark := func(t string) bool {
		return strings.HasSuffix(t, `"`) || strings.HasSuffix(t, "”") || strings.HasSuffix(t, "''")
	}
	if open(span) && (closeMark(t) || closeMark(span)) {
		return "direct"
	}
	if strings.ContainsAny(span, "\"“”") || strings.Contains(span, "''") || strings.Contains(span, "``") {
		return "mixed"
	}
	return "indirect"
}

// WriteErrors writes, for error analysis, every gold quote the predictions
// miss and every prediction that matches no gold quote (at overlap th), and
// every matched quote whose speaker is wrong, each with its context. Lines
// start with a tag: MISS-DIR / FP-DIR (direct+mixed), MISS / FP (all
// attributions, only those not already shown), SPK (wrong speaker), B80
// (direct+mixed matched at 30 % but not at 80 %: span boundaries).
func WriteErrors(w io.Writer, docs []Doc, preds [][]schema.Quote, th float64) {
	for i, d := range docs {
		var pred []schema.Quote
		if i < len(preds) {
			pred = preds[i]
		}
		rs := []rune(d.Text)
		ctx := func(s, e int) string {
			lo, hi := max(0, s-120), min(len(rs), e+120)
			return oneLine(string(rs[lo:s]) + "[[" + string(rs[s:e]) + "]]" + string(rs[e:hi]))
		}
		var gdir []int
		for gi, g := range d.Quotes {
			if g.Kind == "direct" || g.Kind == "mixed" {
				gdir = append(gdir, gi)
			}
		}
		var pdir []int
		for pi, p := range pred {
			if p.Kind == schema.KindDirect {
				pdir = append(pdir, pi)
			}
		}
		sub := func(idx []int) []Gold {
			out := make([]Gold, len(idx))
			for k, gi := range idx {
				out[k] = d.Quotes[gi]
			}
			return out
		}
		subp := func(idx []int) []schema.Quote {
			out := make([]schema.Quote, len(idx))
			for k, pi := range idx {
				out[k] = pred[pi]
			}
			return out
		}
		shownG, shownP := map[int]bool{}, map[int]bool{}
		md := Match(sub(gdir), subp(pdir), th)
		m8 := Match(sub(gdir), subp(pdir), 0.8)
		ok8 := map[int]bool{}
		for _, p := range m8 {
			ok8[gdir[p[0]]] = true
		}
		mg, mp := map[int]bool{}, map[int]bool{}
		for _, p := range md {
			mg[gdir[p[0]]], mp[pdir[p[1]]] = true, true
			if gi := gdir[p[0]]; !ok8[gi] {
				pq := pred[pdir[p[1]]]
				g := d.Quotes[gi]
				fmt.Fprintf(w, "B80 %s gold=%q\n    pred=%q\n", d.ID, oneLine(string(rs[g.Start:g.End])), oneLine(string(rs[pq.Start:pq.End])))
			}
		}
		for _, gi := range gdir {
			if !mg[gi] {
				g := d.Quotes[gi]
				shownG[gi] = true
				fmt.Fprintf(w, "MISS-DIR %s cue=%q spk=%q\n    %s\n", d.ID, deref(g.Cue), deref(g.Speaker), ctx(g.Start, g.End))
			}
		}
		for _, pi := range pdir {
			if !mp[pi] {
				p := pred[pi]
				shownP[pi] = true
				fmt.Fprintf(w, "FP-DIR %s cue=%q spk=%q %s\n    %s\n", d.ID, p.Cue, p.Speaker, overlapNote(d.Quotes, p), ctx(p.Start, p.End))
			}
		}
		ma := Match(d.Quotes, pred, th)
		mg, mp = map[int]bool{}, map[int]bool{}
		for _, p := range ma {
			mg[p[0]], mp[p[1]] = true, true
			g, q := d.Quotes[p[0]], pred[p[1]]
			if g.Speaker != nil && *g.Speaker != "" && !SpeakerOK(g, q) {
				mention := ""
				if q.SpeakerMention != nil {
					mention = q.SpeakerMention.Text
				}
				fmt.Fprintf(w, "SPK %s gold=%q pred=%q mention=%q cue=%q\n    %s\n", d.ID, *g.Speaker, q.Speaker, mention, q.Cue, ctx(min(g.Start, deref0(g.SpeakerStart, g.Start)), max(g.End, deref0(g.SpeakerEnd, g.End))))
			}
		}
		for gi, g := range d.Quotes {
			if !mg[gi] && !shownG[gi] {
				fmt.Fprintf(w, "MISS %s cue=%q spk=%q\n    %s\n", d.ID, deref(g.Cue), deref(g.Speaker), ctx(g.Start, g.End))
			}
		}
		for pi, p := range pred {
			if !mp[pi] && !shownP[pi] {
				fmt.Fprintf(w, "FP %s cue=%q spk=%q %s\n    %s\n", d.ID, p.Cue, p.Speaker, overlapNote(d.Quotes, p), ctx(p.Start, p.End))
			}
		}
	}
}

// overlapNote describes the gold quote a false positive overlaps most.
func overlapNote(gold []Gold, p schema.Quote) string {
	best, bi := 0, -1
	for gi, g := range gold {
		if ov := min(g.End, p.End) - max(g.Start, p.Start); ov > best {
			best, bi = ov, gi
		}
	}
	if bi < 0 {
		return "(no gold overlap)"
	}
	g := gold[bi]
	return fmt.Sprintf("(overlaps gold %s %d-%d by %d of %d)", g.Kind, g.Start, g.End, best, g.End-g.Start)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func deref0(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// Bucket is one row of an error summary: a key and how many errors fall
// under it.
type Bucket struct {
	Key   string
	Count int
}

// ErrorBuckets summarises the errors of preds at overlap th for error
// analysis. Missed gold attributions (all kinds) are bucketed by their
// lower-cased gold cue, by kind, and by what the predictions did near
// them ("none": no prediction overlaps the span; "partial": one overlaps
// it by less than th; "taken": a prediction that overlaps it by th or more
// matched another gold attribution); unmatched predictions by their cue
// and by whether they overlap any gold span. Each list is sorted by count,
// largest first.
func ErrorBuckets(docs []Doc, preds [][]schema.Quote, th float64) map[string][]Bucket {
	counts := map[string]map[string]int{}
	inc := func(group, key string) {
		if counts[group] == nil {
			counts[group] = map[string]int{}
		}
		counts[group][key]++
	}
	for i, d := range docs {
		var pred []schema.Quote
		if i < len(preds) {
			pred = preds[i]
		}
		m := Match(d.Quotes, pred, th)
		mg, mp := map[int]bool{}, map[int]bool{}
		for _, p := range m {
			mg[p[0]], mp[p[1]] = true, true
		}
		for gi, g := range d.Quotes {
			if mg[gi] {
				continue
			}
			cue := strings.ToLower(oneLine(deref(g.Cue)))
			if cue == "" {
				cue = "(no cue)"
			}
			inc("miss-cue", cue)
			inc("miss-kind", g.Kind)
			near := "none"
			gl := max(1, g.End-g.Start)
			for _, p := range pred {
				ov := min(g.End, p.End) - max(g.Start, p.Start)
				if ov <= 0 {
					continue
				}
				if float64(ov)/float64(gl) >= th {
					near = "taken"
					break
				}
				near = "partial"
			}
			inc("miss-near", near)
		}
		for pi, p := range pred {
			if mp[pi] {
				continue
			}
			inc("fp-cue", strings.ToLower(p.Cue))
			inc("fp-kind", p.Kind)
			ov := "no gold overlap"
			for _, g := range d.Quotes {
				if min(g.End, p.End) > max(g.Start, p.Start) {
					ov = "overlaps gold"
					break
				}
			}
			inc("fp-overlap", ov)
		}
	}
	out := map[string][]Bucket{}
	for group, m := range counts {
		bs := make([]Bucket, 0, len(m))
		for k, n := range m {
			bs = append(bs, Bucket{k, n})
		}
		sort.Slice(bs, func(i, j int) bool {
			if bs[i].Count != bs[j].Count {
				return bs[i].Count > bs[j].Count
			}
			return bs[i].Key < bs[j].Key
		})
		out[group] = bs
	}
	return out
}

// WriteBuckets writes the first n rows of each ErrorBuckets group, groups
// in a fixed order.
func WriteBuckets(w io.Writer, b map[string][]Bucket, n int) {
	for _, group := range []string{"miss-kind", "miss-near", "miss-cue", "fp-kind", "fp-overlap", "fp-cue"} {
		rows := b[group]
		total := 0
		for _, r := range rows {
			total += r.Count
		}
		fmt.Fprintf(w, "%s (%d):", group, total)
		for k, r := range rows {
			if k == n {
				break
			}
			fmt.Fprintf(w, " %s=%d", r.Key, r.Count)
		}
		fmt.Fprintln(w)
	}
}
