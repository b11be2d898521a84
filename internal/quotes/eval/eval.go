// Package eval scores quote extraction against PolNeAR-style gold data
// (JSONL, one article per line, as in shared/data/quotes). Its definitions
// follow shared/eval/score_quotes.py exactly: a predicted quote matches a
// gold one when their overlap is at least a threshold share of the gold
// span, one-to-one, greedily by best overlap; the speaker of a matched quote
// is right when the predicted speaker mention overlaps the gold speaker
// span or the predicted canonical speaker contains the gold speaker's last
// word.
package eval

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/newsfind/newsfind/schema"
)

// Gold is one annotated attribution.
type Gold struct {
	ID           string  `json:"id"`
	Quote        string  `json:"quote"`
	Start        int     `json:"start"`
	End          int     `json:"end"`
	Speaker      *string `json:"speaker"`
	SpeakerStart *int    `json:"speaker_start"`
	SpeakerEnd   *int    `json:"speaker_end"`
	Cue          *string `json:"cue"`
	CueStart     *int    `json:"cue_start"`
	CueEnd       *int    `json:"cue_end"`
	Kind         string  `json:"kind"`
}

// Doc is one gold article.
type Doc struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	Quotes []Gold `json:"quotes"`
}

// maxLine bounds one JSONL line (the largest PolNeAR article is far below).
const maxLine = 16 << 20

// Load reads a gold JSONL file, gzip-compressed when the name ends in .gz.
func Load(path string) ([]Doc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("quotes eval: %w", err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("quotes eval: %s: %w", path, err)
		}
		defer gz.Close()
		r = gz
	}
	return Read(r, path)
}

// Read parses gold JSONL from r; name is used in error messages.
func Read(r io.Reader, name string) ([]Doc, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), maxLine)
	var docs []Doc
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		var d Doc
		if err := json.Unmarshal(b, &d); err != nil {
			return nil, fmt.Errorf("quotes eval: %s line %d: %w", name, line, err)
		}
		docs = append(docs, d)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("quotes eval: %s line %d: %w", name, line+1, err)
	}
	return docs, nil
}

// Extractor is what the evaluation runs on each text.
type Extractor interface {
	Extract(text string) schema.Extraction
}

// Run extracts every document with workers goroutines (0: all cores) and
// returns the extractions in document order.
func Run(ctx context.Context, ex Extractor, docs []Doc, workers int) ([]schema.Extraction, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	out := make([]schema.Extraction, len(docs))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				out[i] = ex.Extract(docs[i].Text)
			}
		}()
	}
	var err error
feed:
	for i := range docs {
		select {
		case jobs <- i:
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	return out, err
}

// Counts are the match counts of one evaluation cell.
type Counts struct{ Matched, Pred, Gold int }

// P, R and F1 are percentages.
func (c Counts) P() float64 { return pct(c.Matched, c.Pred) }

// R is the recall in percent.
func (c Counts) R() float64 { return pct(c.Matched, c.Gold) }

// F1 is the harmonic mean of P and R, in percent.
func (c Counts) F1() float64 {
	p, r := c.P(), c.R()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// Result is the score of a set of predictions.
type Result struct {
	All30, All80, Dir30, Dir80 Counts
	SpeakerOK, SpeakerN        int
}

// SpeakerAcc is the speaker accuracy among matched quotes, in percent.
func (r Result) SpeakerAcc() float64 { return pct(r.SpeakerOK, r.SpeakerN) }

// Score compares preds[i] with docs[i].Quotes.
func Score(docs []Doc, preds [][]schema.Quote) Result {
	var res Result
	for i, d := range docs {
		var pred []schema.Quote
		if i < len(preds) {
			pred = preds[i]
		}
		var gdir []Gold
		for _, g := range d.Quotes {
			if g.Kind == "direct" || g.Kind == "mixed" {
				gdir = append(gdir, g)
			}
		}
		var pdir []schema.Quote
		for _, p := range pred {
			if p.Kind == schema.KindDirect {
				pdir = append(pdir, p)
			}
		}
		for _, t := range []struct {
			th       float64
			all, dir *Counts
		}{{0.3, &res.All30, &res.Dir30}, {0.8, &res.All80, &res.Dir80}} {
			m := Match(d.Quotes, pred, t.th)
			t.all.Matched += len(m)
			t.all.Pred += len(pred)
			t.all.Gold += len(d.Quotes)
			md := Match(gdir, pdir, t.th)
			t.dir.Matched += len(md)
			t.dir.Pred += len(pdir)
			t.dir.Gold += len(gdir)
			if t.th == 0.3 {
				for _, p := range m {
					g := d.Quotes[p[0]]
					if g.Speaker != nil && *g.Speaker != "" {
						res.SpeakerN++
						if SpeakerOK(g, pred[p[1]]) {
							res.SpeakerOK++
						}
					}
				}
			}
		}
	}
	return res
}

// Match pairs gold and predicted quotes whose overlap covers at least th
// of the gold span, one-to-one, best overlap first. It returns [gold, pred]
// index pairs.
func Match(gold []Gold, pred []schema.Quote, th float64) [][2]int {
	type pair struct {
		ov     float64
		gi, pi int
	}
	var pairs []pair
	for gi, g := range gold {
		gl := g.End - g.Start
		if gl < 1 {
			gl = 1
		}
		for pi, p := range pred {
			ov := min(g.End, p.End) - max(g.Start, p.Start)
			if ov > 0 && float64(ov)/float64(gl) >= th {
				pairs = append(pairs, pair{float64(ov) / float64(gl), gi, pi})
			}
		}
	}
	// Python sorts the tuples descending: overlap, then gold index, then pred index.
	sort.Slice(pairs, func(i, j int) bool {
		a, b := pairs[i], pairs[j]
		if a.ov != b.ov {
			return a.ov > b.ov
		}
		if a.gi != b.gi {
			return a.gi > b.gi
		}
		return a.pi > b.pi
	})
	ug, up := map[int]bool{}, map[int]bool{}
	var out [][2]int
	for _, p := range pairs {
		if ug[p.gi] || up[p.pi] {
			continue
		}
		ug[p.gi], up[p.pi] = true, true
		out = append(out, [2]int{p.gi, p.pi})
	}
	return out
}

var (
	wordRE  = regexp.MustCompile(`[\p{L}\p{N}_.'’-]+`)
	possRE  = regexp.MustCompile(`(['’]s|['’])$`)
	stopSpk = map[string]bool{"the": true, "a": true, "an": true, "his": true, "her": true, "their": true, "its": true,
		"our": true, "this": true, "that": true, "these": true, "those": true, "mr.": true, "mrs.": true, "ms.": true, "dr.": true}
)

// lastWord mirrors score_quotes.py's last_word.
func lastWord(s string) string {
	var w []string
	for _, x := range wordRE.FindAllString(strings.ToLower(s), -1) {
		if !stopSpk[x] {
			w = append(w, x)
		}
	}
	if len(w) == 0 {
		return ""
	}
	return possRE.ReplaceAllString(w[len(w)-1], "")
}

// SpeakerOK reports whether p names the speaker of g.
func SpeakerOK(g Gold, p schema.Quote) bool {
	if sm := p.SpeakerMention; sm != nil && g.SpeakerStart != nil && g.SpeakerEnd != nil {
		if min(*g.SpeakerEnd, sm.End) > max(*g.SpeakerStart, sm.Start) {
			return true
		}
	}
	var gs string
	if g.Speaker != nil {
		gs = *g.Speaker
	}
	lw := lastWord(gs)
	if lw == "" {
		return false
	}
	if lastWord(p.Speaker) == lw {
		return true
	}
	for _, x := range strings.Fields(p.Speaker) {
		if lastWord(x) == lw {
			return true
		}
	}
	return false
}

// Report writes the score table in the format of score_quotes.py.
func (r Result) Report(w io.Writer) {
	for _, row := range []struct {
		name string
		c    Counts
	}{{"all.3", r.All30}, {"all.8", r.All80}, {"dir.3", r.Dir30}, {"dir.8", r.Dir80}} {
		fmt.Fprintf(w, "%-6s P %5.1f R %5.1f F1 %5.1f  (matched %d, pred %d, gold %d)\n", row.name, row.c.P(), row.c.R(), row.c.F1(), row.c.Matched, row.c.Pred, row.c.Gold)
	}
	fmt.Fprintf(w, "speaker accuracy %.1f%% of %d matched quotes\n", r.SpeakerAcc(), r.SpeakerN)
	fmt.Fprintf(w, "quotes: all F1@.3 %.1f F1@.8 %.1f | direct F1@.3 %.1f F1@.8 %.1f | speaker %.1f%%\n",
		r.All30.F1(), r.All80.F1(), r.Dir30.F1(), r.Dir80.F1(), r.SpeakerAcc())
}
