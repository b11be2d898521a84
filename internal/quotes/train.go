package quotes

import (
	"sort"
	"strings"
)

// Example is one annotated text for Train: its attributions as code-point
// spans of the cue and of the content it introduces.
type Example struct {
	Text         string
	Attributions []ExampleAttribution
}

// ExampleAttribution is one annotated attribution of an Example.
type ExampleAttribution struct {
	CueStart, CueEnd int // cue span, end exclusive
	Start, End       int // content span, end exclusive
}

// TrainOptions tune Train.
type TrainOptions struct {
	// MinCues drops words that headed fewer gold cues than this (the model
	// stays small and a word seen once as a cue is not evidence).
	MinCues int
}

// cueAux are words a gold cue may start with that are not its head ("has
// said", "did not mention", "is expected").
var cueAux = set("is", "was", "were", "are", "be", "been", "being", "has", "have", "had", "do", "does",
	"did", "not", "n't", "will", "would", "could", "can", "may", "might", "should", "must", "to", "also")

// Train counts, for every candidate cue word of the examples in its
// context, how often it heads an annotated cue. It is deterministic: the
// same examples give the same model.
func Train(exs []Example, opt TrainOptions) *CueModel {
	all := &CueModel{words: map[string]*wordModel{}}
	lx := buildLexicon()
	for _, ex := range exs {
		d := &doc{rs: []rune(ex.Text), lx: &lx}
		d.toks = scan(ex.Text, d.rs, nil, nil)
		if len(d.toks) == 0 {
			continue
		}
		d.pairQuotes()
		heads := map[int]bool{}
		before := map[int]bool{}
		for _, a := range ex.Attributions {
			h := d.cueHead(a.CueStart, a.CueEnd)
			if h < 0 {
				continue
			}
			heads[h] = true
			if a.Start < d.toks[h].s {
				before[h] = true
			}
		}
		for i := range d.toks {
			if !d.candidate(i) {
				continue
			}
			p, n := d.prevClass(i), d.nextClass(i)
			w := d.toks[i].lower
			for _, wm := range []*wordModel{all.word(w), all.word(stemPrefix + stemOf(w))} {
				both := wm.both[bothKey(p, n)]
				for _, c := range []*cueCount{&wm.all, &wm.next[n], &both} {
					c.Total++
					if heads[i] {
						c.Cues++
						if before[i] {
							c.Before++
						}
					}
				}
				wm.both[bothKey(p, n)] = both
			}
		}
	}
	// keep the words that headed enough cues, without the contexts seen
	// once and never as a cue (one occurrence says little)
	m := &CueModel{words: map[string]*wordModel{}}
	for w, wm := range all.words {
		if wm.all.Cues < max(1, opt.MinCues) {
			continue
		}
		if strings.HasPrefix(w, stemPrefix) && wm.prob() < wordFloor {
			continue // a stem is only looked up when it passes the floor
		}
		for n, c := range wm.next {
			if c.Cues == 0 && c.Total < 2 {
				wm.next[n] = cueCount{}
			}
		}
		for k, c := range wm.both {
			if c.Cues == 0 && c.Total < 2 {
				delete(wm.both, k)
			}
		}
		m.words[w] = wm
	}
	return m.index()
}

// cueHead returns the token that heads the cue at code points [s, e): its
// first word that is not an auxiliary, or -1.
func (d *doc) cueHead(s, e int) int {
	i := sort.Search(len(d.toks), func(k int) bool { return d.toks[k].e > s })
	for ; i < len(d.toks) && d.toks[i].s < e; i++ {
		t := d.toks[i]
		if t.kind == tkWord && !cueAux[t.lower] && !auxAdverbs[t.lower] && !isAdverb(t.lower) && !contractedPronoun(t.lower) && !strings.HasSuffix(t.lower, "n't") && !strings.HasSuffix(t.lower, "n’t") {
			if d.candidate(i) {
				return i
			}
			return -1
		}
	}
	return -1
}
