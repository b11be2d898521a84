package ner

import (
	"compress/gzip"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/newsfind/newsfind/data"
	"github.com/newsfind/newsfind/internal/tokenize"
)

// ModelVersion is bumped whenever features or the file layout change.
const ModelVersion = 4

// DefaultModelPath is where the embedded model lives in data.FS.
const DefaultModelPath = "models/ner.gob.gz"

// ErrNoModel means the embedded model is missing (run `make train`).
var ErrNoModel = errors.New("ner: no embedded model (run `make train`)")

// modelFile is the serialised model.
type modelFile struct {
	Version int
	// Keys are feature hashes; Weights[i*Scale..] their nLabels weights,
	// quantised: weight = float32(W) * Scale.
	Keys  []uint64
	W     []int16
	Scale float32
	Trans []float32 // (nLabels+1)*nLabels, last row = start
	// Second (document-level) pass: same keys, may be empty.
	W2      []int16
	Scale2  float32
	Trans2  []float32
	Gaz     []uint64 // phrase hash keys
	GazVals []uint32
	// Clusters: exact (digit-normalised) word hash and lower-case hash.
	ClusKeys      []uint64
	ClusVals      []uint32
	ClusLowerKeys []uint64
	ClusLowerVals []uint32
	// LowerPref: hashes of words normally written in lower case (sorted)
	LowerPref []uint64
	// Info is training metadata as sorted "key=value" strings (a slice, not
	// a map, so that the encoding is deterministic).
	Info []string
}

// Tagger tags tokens with entity labels. It is safe for concurrent use.
type Tagger struct {
	index *featTable
	// w holds one row per feature: the first-pass weights (nLabels) and,
	// for a two-pass model, the second-pass weights (nLabels) next to them,
	// so one lookup serves both passes. Weights are int16 times scale.
	w              []int16
	stride         int
	scale1, scale2 float32
	trans          []float32
	trans2         []float32 // nil for a one-pass model
	res            resources
	info           map[string]string
	// idle holds scratches between calls. Not a sync.Pool: that empties
	// at every garbage collection, and a scratch's word cache is worth
	// keeping.
	mu   sync.Mutex
	idle []*scratch

	// derived at construction, for speed (see wordcache.go, viterbi.go)
	edge     []int32 // partial sums at sentence boundaries, as a word's rows
	vt1, vt2 *viterbiTable
	// second-pass weights of the label-context features: s1Cur[pl][l]
	// sums tS1Label, tS1Prev and tS1PrevCur, s1Next[nl] is tS1Next
	// (pl, nl == nLabels at the sentence boundaries)
	s1Cur  [nLabels + 1][nLabels][nLabels]int32
	s1Next [nLabels + 1][nLabels]int32
}

// derive fills the tables computed from the weights.
func (t *Tagger) derive() *Tagger {
	t.edge = t.edgeRows()
	t.vt1 = newViterbiTable(t.trans)
	if t.trans2 == nil {
		return t
	}
	t.vt2 = newViterbiTable(t.trans2)
	add := func(dst *[nLabels]int32, f uint64) {
		if id := t.index.get(f); id >= 0 {
			for y, v := range t.w[int(id)*t.stride+nLabels : int(id)*t.stride+2*nLabels] {
				dst[y] += int32(v)
			}
		}
	}
	for pl := 0; pl <= nLabels; pl++ {
		for l := 0; l < nLabels; l++ {
			add(&t.s1Cur[pl][l], feat(tS1Label, uint64(l)))
			add(&t.s1Cur[pl][l], feat(tS1Prev, uint64(pl)))
			add(&t.s1Cur[pl][l], feat2(tS1PrevCur, uint64(pl), uint64(l)))
		}
		add(&t.s1Next[pl], feat(tS1Next, uint64(pl)))
	}
	return t
}

// newTaggerWeights builds a tagger from float weights (w2, t2 may be nil),
// quantised exactly as a saved model is.
func newTaggerWeights(index *featTable, w1, t1, w2, t2 []float32, res resources) *Tagger {
	s1 := quantScale(w1)
	q1 := quantize(w1, s1)
	if w2 == nil {
		return newTaggerQuant(index, q1, s1, t1, nil, 0, nil, res)
	}
	s2 := quantScale(w2)
	return newTaggerQuant(index, q1, s1, t1, quantize(w2, s2), s2, t2, res)
}

func newTaggerQuant(index *featTable, w1 []int16, s1 float32, t1 []float32, w2 []int16, s2 float32, t2 []float32, res resources) *Tagger {
	t := &Tagger{index: index, trans: t1, res: res, stride: nLabels, scale1: s1}
	if w2 == nil {
		t.w = w1
		return t.derive()
	}
	t.stride, t.trans2, t.scale2 = 2*nLabels, t2, s2
	rows := len(w1) / nLabels
	t.w = make([]int16, rows*2*nLabels)
	for r := 0; r < rows; r++ {
		copy(t.w[r*2*nLabels:], w1[r*nLabels:r*nLabels+nLabels])
		copy(t.w[r*2*nLabels+nLabels:], w2[r*nLabels:r*nLabels+nLabels])
	}
	return t.derive()
}

// Info returns training metadata recorded in the model (scores, sizes).
func (t *Tagger) Info() map[string]string { return t.info }

var (
	defaultOnce   sync.Once
	defaultTagger *Tagger
	defaultErr    error
)

// Default returns the tagger for the model embedded in package data, loading
// it on first use.
func Default() (*Tagger, error) {
	defaultOnce.Do(func() {
		f, err := data.FS.Open(DefaultModelPath)
		if err != nil {
			defaultErr = fmt.Errorf("%w: %v", ErrNoModel, err)
			return
		}
		defer f.Close()
		defaultTagger, defaultErr = Load(f)
	})
	return defaultTagger, defaultErr
}

// Load reads a gzip-compressed gob model.
func Load(r io.Reader) (*Tagger, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("ner: model: %w", err)
	}
	defer zr.Close()
	var m modelFile
	if err := gob.NewDecoder(zr).Decode(&m); err != nil {
		return nil, fmt.Errorf("ner: model: decode: %w", err)
	}
	return newTagger(&m)
}

func newTagger(m *modelFile) (*Tagger, error) {
	if m.Version != ModelVersion {
		return nil, fmt.Errorf("ner: model version %d, this build needs %d (run `make train`)", m.Version, ModelVersion)
	}
	if len(m.W) != len(m.Keys)*nLabels || len(m.Trans) != (nLabels+1)*nLabels ||
		len(m.Gaz) != len(m.GazVals) || len(m.ClusKeys) != len(m.ClusVals) || len(m.ClusLowerKeys) != len(m.ClusLowerVals) {
		return nil, errors.New("ner: model: inconsistent array sizes")
	}
	if len(m.W2) > 0 && (len(m.W2) != len(m.W) || len(m.Trans2) != len(m.Trans)) {
		return nil, errors.New("ner: model: inconsistent second-pass sizes")
	}
	var res resources
	gz := &phraseSet{m: make(map[uint64]uint32, len(m.Gaz))}
	for i, k := range m.Gaz {
		gz.m[k] = m.GazVals[i]
	}
	gz.freeze()
	res.gaz = []*phraseSet{gz}
	res.clusters = newClusterTable(m.ClusKeys, m.ClusVals, m.ClusLowerKeys, m.ClusLowerVals)
	if len(m.LowerPref) > 0 {
		res.lowerPref = newFeatTable(m.LowerPref)
	}
	var w2 []int16
	if len(m.W2) > 0 {
		w2 = m.W2
	}
	t := newTaggerQuant(newFeatTable(m.Keys), m.W, m.Scale, m.Trans, w2, m.Scale2, m.Trans2, res)
	t.info = map[string]string{}
	for _, kv := range m.Info {
		if k, v, ok := strings.Cut(kv, "="); ok {
			t.info[k] = v
		}
	}
	return t, nil
}

// scratch is per-call working memory.
type scratch struct {
	infos   []tokInfo
	sinfo   []sentenceInfo
	feats   []uint64
	ends    []int32
	ids     []int32 // feature rows of one sentence (-1: unknown)
	acc     []int32 // first-pass emission sums of the whole document
	acc2    []int32 // second-pass emission sums of the whole document
	back    []uint8
	labels  []int // first-pass labels of the whole document
	labels2 []int
	nl      []uint64
	agg     []uint64
	occ     *occIndex
	st      *nlStats
	words   wordCache  // kept across documents
	wid     []int32    // word cache entry of each token
	flags   flagTable  // document flags by lower-case hash
	slot    []int32    // each token's slot in flags
	combos  comboCache // shapeFeatures and placeFeatures by shapes, doc flags and place, kept
	// Tag's normalised words, sentences and their token offsets (emptied
	// after each call)
	words1   []string
	sents1   [][]string
	offsets1 []int
}

func (t *Tagger) getScratch() *scratch {
	t.mu.Lock()
	defer t.mu.Unlock()
	if n := len(t.idle); n > 0 {
		s := t.idle[n-1]
		t.idle = t.idle[:n-1]
		return s
	}
	return &scratch{occ: newOccIndex(), st: newNLStats()}
}

// maxIdleScratch bounds the scratches kept between calls, in units of
// GOMAXPROCS (more calls than that cannot run at once anyway).
const maxIdleScratch = 2

func (t *Tagger) putScratch(s *scratch) {
	if cap(s.infos) > 1<<16 { // do not keep huge buffers around
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.idle) < maxIdleScratch*runtime.GOMAXPROCS(0) {
		t.idle = append(t.idle, s)
	}
}

// tagDocument labels every sentence of a document: fn gets each sentence's
// labels (valid only during the call).
func (t *Tagger) tagDocument(sents [][]string, fn func(si int, labels []int)) {
	sc := t.getScratch()
	defer t.putScratch(sc)
	t.tagScratch(sc, sents, fn)
}

// tagScratch is tagDocument with the caller's scratch.
func (t *Tagger) tagScratch(sc *scratch, sents [][]string, fn func(si int, labels []int)) {
	total := 0
	for _, s := range sents {
		total += len(s)
	}
	if total == 0 {
		for i := range sents {
			fn(i, nil)
		}
		return
	}
	sc.infos = grow(sc.infos, total)
	sc.sinfo = grow(sc.sinfo, len(sents))
	sc.labels = grow(sc.labels, total)
	sc.wid = grow(sc.wid, total)
	t.docInfoCached(sc, sents, total)
	sc.occ.buildSlots(sc.infos[:total], sc.slot, len(sc.flags.keys))
	sc.agg = appendContexts(sc.infos[:total], sc.occ, sc.agg)
	t.emissions(sc, sents, total)
	// pass 1
	k := 0
	for _, ws := range sents {
		n := len(ws)
		sc.back = grow(sc.back, n*nLabels)
		viterbiFast(t.vt1, sc.acc[k*nLabels:(k+n)*nLabels], t.scale1, sc.back, sc.labels[k:k+n])
		k += n
	}
	if t.trans2 == nil {
		k = 0
		for si, ws := range sents {
			fn(si, sc.labels[k:k+len(ws)])
			k += len(ws)
		}
		return
	}
	// pass 2: add document-level features from the first-pass labels
	sc.st.collectSlots(sc.infos[:total], sc.labels, sc.slot, len(sc.flags.keys))
	sc.labels2 = grow(sc.labels2, total)
	k = 0
	for si, ws := range sents {
		n := len(ws)
		if n == 0 {
			fn(si, nil)
			continue
		}
		for i := k; i < k+n; i++ {
			acc2 := (*[nLabels]int32)(sc.acc2[i*nLabels:])
			l, pl, nl := sc.labels[i], nLabels, nLabels
			if i > k {
				pl = sc.labels[i-1]
			}
			if i+1 < k+n {
				nl = sc.labels[i+1]
			}
			cur, next := &t.s1Cur[pl][l], &t.s1Next[nl]
			for y := range nLabels {
				acc2[y] += cur[y] + next[y]
			}
			sc.nl = sc.st.docFeatures(&sc.infos[i], i, l, sc.nl[:0])
			for _, f := range sc.nl {
				if id := t.index.get(f); id >= 0 {
					row := (*[nLabels]int16)(t.w[int(id)*2*nLabels+nLabels:])
					for y := range nLabels {
						acc2[y] += int32(row[y])
					}
				}
			}
		}
		sc.back = grow(sc.back, n*nLabels)
		viterbiFast(t.vt2, sc.acc2[k*nLabels:(k+n)*nLabels], t.scale2, sc.back, sc.labels2[k:k+n])
		fn(si, sc.labels2[k:k+n])
		k += n
	}
}

// emissions fills sc.acc (and, for a two-pass model, sc.acc2) with the
// integer sums of the local feature weights of every token: the word
// cache's partial sums, the comboCache's sums and the rows of
// contextFeatures.
func (t *Tagger) emissions(sc *scratch, sents [][]string, total int) {
	sc.acc = grow(sc.acc, total*nLabels)
	twoPass := t.trans2 != nil
	if twoPass {
		sc.acc2 = grow(sc.acc2, total*nLabels)
	}
	s := t.stride
	rows, edge := sc.words.rows, t.edge
	// row r of the word cache entry of token j of the document, or of the
	// sentence boundary
	wordRow := func(j, r int) []int32 {
		o := (int(sc.wid[j])*nWordRows + r) * s
		return rows[o : o+s]
	}
	edgeRow := func(r int) []int32 { return edge[r*s : r*s+s] }
	k := 0
	for si, ws := range sents {
		n := len(ws)
		if n == 0 {
			continue
		}
		seg := sc.infos[k : k+n]
		headline := sc.sinfo[si].headline
		// the rows of the features the caches do not cover: all looked up
		// before any is added, so that the CPU overlaps the cache misses
		sc.ends = grow(sc.ends, n)
		sc.feats = contextFeatures(seg, sc.sinfo[si], sc.agg, sc.feats[:0], sc.ends)
		sc.ids = grow(sc.ids, len(sc.feats))
		for j, f := range sc.feats {
			sc.ids[j] = t.index.get(f)
		}
		start := int32(0)
		for i := range seg {
			// the six cached rows that concern the token: its word's own
			// row, its neighbours' rows as neighbours (or the sentence
			// boundary's), and its shape and place combo
			prev, prev2, next, next2 := edgeRow(rowPrev), edgeRow(rowPrev2), edgeRow(rowNext), edgeRow(rowNext2)
			ps, ns := hBOS, hEOS
			if i > 0 {
				prev, ps = wordRow(k+i-1, rowPrev), seg[i-1].shape
			}
			if i > 1 {
				prev2 = wordRow(k+i-2, rowPrev2)
			}
			if i+1 < n {
				next, ns = wordRow(k+i+1, rowNext), seg[i+1].shape
			}
			if i+2 < n {
				next2 = wordRow(k+i+2, rowNext2)
			}
			ti := &seg[i]
			self := wordRow(k+i, rowSelf)
			combo := sc.combos.get(t, comboKey{ps, ti.shape, ns, uint64(ti.doc) | tokenPlace(seg, i, headline)<<8})
			ids := sc.ids[start:sc.ends[i]]
			start = sc.ends[i]
			if !twoPass {
				acc := (*[nLabels]int32)(sc.acc[(k+i)*nLabels:])
				for y := range acc {
					acc[y] = self[y] + prev[y] + next[y] + prev2[y] + next2[y] + combo[y]
				}
				for _, id := range ids {
					if id >= 0 {
						row := (*[nLabels]int16)(t.w[int(id)*nLabels:])
						for y := range nLabels {
							acc[y] += int32(row[y])
						}
					}
				}
				continue
			}
			// everything is added in one pass over the lanes, straight into
			// the two passes' sums: the cached rows with the first four
			// found weight rows (padded with rows of zeros to two or four),
			// then any further weight rows four at a time
			var rs [4]*[2 * nLabels]int16
			m := 0
			for len(ids) > 0 && m < len(rs) {
				if id := ids[0]; id >= 0 {
					rs[m] = (*[2 * nLabels]int16)(t.w[int(id)*2*nLabels:])
					m++
				}
				ids = ids[1:]
			}
			for j := m; j < len(rs); j++ {
				rs[j] = &zeroRow
			}
			acc1 := (*[nLabels]int32)(sc.acc[(k+i)*nLabels:])
			acc2 := (*[nLabels]int32)(sc.acc2[(k+i)*nLabels:])
			sum6Rows((*[2 * nLabels]int32)(self), (*[2 * nLabels]int32)(prev), (*[2 * nLabels]int32)(next),
				(*[2 * nLabels]int32)(prev2), (*[2 * nLabels]int32)(next2), (*[2 * nLabels]int32)(combo),
				&rs, m, acc1, acc2)
			m = 0
			for _, id := range ids {
				if id < 0 {
					continue
				}
				rs[m] = (*[2 * nLabels]int16)(t.w[int(id)*2*nLabels:])
				if m++; m == len(rs) {
					add4Split(acc1, acc2, &rs)
					m = 0
				}
			}
			if m > 0 {
				for j := m; j < len(rs); j++ {
					rs[j] = &zeroRow
				}
				add4Split(acc1, acc2, &rs)
			}
		}
		k += n
	}
}

// zeroRow pads add4's rows.
var zeroRow [2 * nLabels]int16

// add4 adds four weight rows to acc, lane by lane.
func add4(acc *[2 * nLabels]int32, a, b, c, d *[2 * nLabels]int16) {
	for y := range acc {
		acc[y] += int32(a[y]) + int32(b[y]) + int32(c[y]) + int32(d[y])
	}
}

// sum6Rows sets acc1 and acc2, the first and second pass's sums of a
// token, to the lane-by-lane sums of six cached rows and the first two
// (when m <= 2) or four weight rows of r: one store per lane.
func sum6Rows(a, b, c, d, e, f *[2 * nLabels]int32, r *[4]*[2 * nLabels]int16, m int, acc1, acc2 *[nLabels]int32) {
	r0, r1, r2, r3 := r[0], r[1], r[2], r[3]
	// nil checks once, not in every iteration
	_, _, _, _, _, _ = a[0], b[0], c[0], d[0], e[0], f[0]
	_, _, _, _ = r0[0], r1[0], acc1[0], acc2[0]
	if m <= 2 {
		for y := range acc1 {
			acc1[y] = a[y] + b[y] + c[y] + d[y] + e[y] + f[y] + (int32(r0[y]) + int32(r1[y]))
		}
		for y := range acc2 {
			z := y + nLabels
			acc2[y] = a[z] + b[z] + c[z] + d[z] + e[z] + f[z] + (int32(r0[z]) + int32(r1[z]))
		}
		return
	}
	_, _ = r2[0], r3[0]
	for y := range acc1 {
		acc1[y] = a[y] + b[y] + c[y] + d[y] + e[y] + f[y] +
			(int32(r0[y]) + int32(r1[y]) + int32(r2[y]) + int32(r3[y]))
	}
	for y := range acc2 {
		z := y + nLabels
		acc2[y] = a[z] + b[z] + c[z] + d[z] + e[z] + f[z] +
			(int32(r0[z]) + int32(r1[z]) + int32(r2[z]) + int32(r3[z]))
	}
}

// add4Split adds four weight rows to a token's two sums.
func add4Split(acc1, acc2 *[nLabels]int32, r *[4]*[2 * nLabels]int16) {
	r0, r1, r2, r3 := r[0], r[1], r[2], r[3]
	_, _, _, _, _, _ = r0[0], r1[0], r2[0], r3[0], acc1[0], acc2[0] // nil checks once
	for y := range acc1 {
		acc1[y] += int32(r0[y]) + int32(r1[y]) + int32(r2[y]) + int32(r3[y])
	}
	for y := range acc2 {
		z := y + nLabels
		acc2[y] += int32(r0[z]) + int32(r1[z]) + int32(r2[z]) + int32(r3[z])
	}
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/4)
	}
	return s[:n]
}

// TagDocument tags a document given as sentences of words and returns IOB2
// tags per sentence. Using whole documents lets the tagger compare how a
// word is written in different sentences.
func (t *Tagger) TagDocument(sents [][]string) [][]string {
	norm := make([][]string, len(sents))
	for i, s := range sents {
		norm[i] = normWords(s)
	}
	out := make([][]string, len(sents))
	t.tagDocument(norm, func(si int, labels []int) { out[si] = labelsToIOB2(labels) })
	return out
}

// TagWords tags one sentence of words and returns one IOB2 tag per word.
func (t *Tagger) TagWords(words []string) []string {
	return t.TagDocument([][]string{words})[0]
}

// Tag finds the entity spans in a tokenized text; sents are the sentences of
// toks (as from tokenize.Sentences). Span offsets are token indices into toks.
func (t *Tagger) Tag(toks []tokenize.Token, sents []tokenize.Sentence) []Span {
	if len(toks) == 0 {
		return nil
	}
	if len(sents) == 0 {
		sents = []tokenize.Sentence{{Start: 0, End: len(toks)}}
	}
	sc := t.getScratch()
	defer t.putScratch(sc)
	// the words and sentences live in the scratch: tagging keeps none of
	// them (the word cache copies its words)
	words := grow(sc.words1, len(toks))
	for i, tk := range toks {
		words[i] = normWord(tk.Text)
	}
	ss, offsets := sc.sents1[:0], sc.offsets1[:0]
	for _, s := range sents {
		if s.Start < 0 || s.End > len(toks) || s.End < s.Start {
			continue
		}
		// very long "sentences" (lists, tables) are tagged in pieces
		for a := s.Start; a < s.End; a += maxSentenceTokens {
			b := min(a+maxSentenceTokens, s.End)
			ss = append(ss, words[a:b])
			offsets = append(offsets, a)
		}
	}
	var spans []Span
	t.tagScratch(sc, ss, func(si int, labels []int) {
		spans = labelsToSpans(labels, offsets[si], spans)
	})
	clear(words) // the scratch must not keep the caller's text alive
	clear(ss)
	sc.words1, sc.sents1, sc.offsets1 = words[:0], ss[:0], offsets[:0]
	return spans
}

// maxSentenceTokens bounds the tokens decoded as one sequence.
const maxSentenceTokens = 512

// normWords maps words to the conventions of the training data.
func normWords(ws []string) []string {
	var out []string
	for i, w := range ws {
		n := normWord(w)
		if n != w && out == nil {
			out = make([]string, len(ws))
			copy(out, ws[:i])
		}
		if out != nil {
			out[i] = n
		}
	}
	if out == nil {
		return ws
	}
	return out
}

// normWord maps typographic variants to the plain ASCII forms of the
// Reuters training data: curly quotes and guillemets to ", curly apostrophes
// to ', dashes to -, the ellipsis character to "...".
func normWord(w string) string {
	// fast path: plain ASCII other than the backtick and quote pairs
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii && w != "``" && w != "''" && w != "`" {
		return w
	}
	switch w {
	case "“", "”", "«", "»", "„", "``", "''", "‹", "›":
		return `"`
	case "‘", "’", "‚", "`":
		return "'"
	case "—", "–", "―", "−":
		return "-"
	case "…":
		return "..."
	}
	if strings.ContainsAny(w, "’‘") {
		w = strings.NewReplacer("’", "'", "‘", "'").Replace(w)
	}
	return w
}
