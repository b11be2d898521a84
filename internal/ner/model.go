package ner

import (
	"compress/gzip"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

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
	pool           sync.Pool
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
		return t
	}
	t.stride, t.trans2, t.scale2 = 2*nLabels, t2, s2
	rows := len(w1) / nLabels
	t.w = make([]int16, rows*2*nLabels)
	for r := 0; r < rows; r++ {
		copy(t.w[r*2*nLabels:], w1[r*nLabels:r*nLabels+nLabels])
		copy(t.w[r*2*nLabels+nLabels:], w2[r*nLabels:r*nLabels+nLabels])
	}
	return t
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
	ids     []int32   // feature rows of one sentence (-1: unknown)
	acc     []int32   // first-pass emission sums of one sentence
	acc2    []int32   // second-pass emission sums of the whole document
	em      []float32 // emissions of one sentence
	back    []uint8
	labels  []int // first-pass labels of the whole document
	labels2 []int
	nl      []uint64
	agg     []uint64
	occ     *occIndex
	doc     map[uint64]uint8
	st      *nlStats
}

func (t *Tagger) getScratch() *scratch {
	if s, ok := t.pool.Get().(*scratch); ok {
		return s
	}
	return &scratch{doc: map[uint64]uint8{}, occ: newOccIndex(), st: newNLStats()}
}

func (t *Tagger) putScratch(s *scratch) {
	if cap(s.infos) > 1<<16 { // do not keep huge buffers around
		return
	}
	t.pool.Put(s)
}

// tagDocument labels every sentence of a document: fn gets each sentence's
// labels (valid only during the call).
func (t *Tagger) tagDocument(sents [][]string, fn func(si int, labels []int)) {
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
	sc := t.getScratch()
	defer t.putScratch(sc)
	sc.infos = grow(sc.infos, total)
	sc.sinfo = grow(sc.sinfo, len(sents))
	sc.labels = grow(sc.labels, total)
	twoPass := t.trans2 != nil
	if twoPass {
		sc.acc2 = grow(sc.acc2, total*nLabels)
		clear(sc.acc2)
	}
	docInfo(sents, &t.res, sc.infos, sc.sinfo, sc.doc)
	sc.agg = aggregateContexts(sents, sc.infos[:total], sc.occ, sc.agg)
	// pass 1 (also sums the second pass's local scores)
	k := 0
	for si, ws := range sents {
		n := len(ws)
		if n == 0 {
			continue
		}
		sc.ends = grow(sc.ends, n)
		sc.feats = sentenceFeatures(sc.infos[k:k+n], sc.sinfo[si], sc.agg, sc.feats[:0], sc.ends)
		sc.acc = grow(sc.acc, n*nLabels)
		clear(sc.acc)
		// look all features up first, then add rows: independent loads
		// let the CPU overlap the cache misses
		sc.ids = grow(sc.ids, len(sc.feats))
		for j, f := range sc.feats {
			sc.ids[j] = t.index.get(f)
		}
		start := int32(0)
		for i := 0; i < n; i++ {
			acc := (*[nLabels]int32)(sc.acc[i*nLabels:])
			ids := sc.ids[start:sc.ends[i]]
			start = sc.ends[i]
			if twoPass {
				acc2 := (*[nLabels]int32)(sc.acc2[(k+i)*nLabels:])
				for _, id := range ids {
					if id >= 0 {
						row := (*[2 * nLabels]int16)(t.w[int(id)*2*nLabels:])
						for y := range nLabels {
							acc[y] += int32(row[y])
							acc2[y] += int32(row[nLabels+y])
						}
					}
				}
			} else {
				for _, id := range ids {
					if id >= 0 {
						row := (*[nLabels]int16)(t.w[int(id)*nLabels:])
						for y := range nLabels {
							acc[y] += int32(row[y])
						}
					}
				}
			}
		}
		t.viterbiScaled(sc, sc.acc[:n*nLabels], t.scale1, t.trans, sc.labels[k:k+n])
		k += n
	}
	if !twoPass {
		k = 0
		for si, ws := range sents {
			fn(si, sc.labels[k:k+len(ws)])
			k += len(ws)
		}
		return
	}
	// pass 2: add document-level features from the first-pass labels
	sc.st.collect(sc.infos[:total], sc.labels)
	sc.labels2 = grow(sc.labels2, total)
	k = 0
	for si, ws := range sents {
		n := len(ws)
		if n == 0 {
			fn(si, nil)
			continue
		}
		for i := 0; i < n; i++ {
			acc2 := (*[nLabels]int32)(sc.acc2[(k+i)*nLabels:])
			sc.nl = sc.st.features(sc.infos, sc.labels, k, k+n, k+i, sc.nl[:0])
			for _, f := range sc.nl {
				if id := t.index.get(f); id >= 0 {
					row := (*[nLabels]int16)(t.w[int(id)*2*nLabels+nLabels:])
					for y := range nLabels {
						acc2[y] += int32(row[y])
					}
				}
			}
		}
		t.viterbiScaled(sc, sc.acc2[k*nLabels:(k+n)*nLabels], t.scale2, t.trans2, sc.labels2[k:k+n])
		fn(si, sc.labels2[k:k+n])
		k += n
	}
}

// viterbiScaled decodes integer emission sums acc (n*nLabels) scaled by s.
func (t *Tagger) viterbiScaled(sc *scratch, acc []int32, s float32, trans []float32, out []int) {
	n := len(acc) / nLabels
	sc.em = grow(sc.em, len(acc))
	for i, a := range acc {
		sc.em[i] = float32(a) * s
	}
	sc.back = grow(sc.back, len(acc))
	viterbi(sc.em, trans, n, sc.back, out)
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
	words := make([]string, len(toks))
	for i, tk := range toks {
		words[i] = normWord(tk.Text)
	}
	ss := make([][]string, 0, len(sents))
	offsets := make([]int, 0, len(sents))
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
	t.tagDocument(ss, func(si int, labels []int) {
		spans = labelsToSpans(labels, offsets[si], spans)
	})
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
