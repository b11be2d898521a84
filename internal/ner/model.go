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
const ModelVersion = 1

// DefaultModelPath is where the embedded model lives in data.FS.
const DefaultModelPath = "models/ner.gob.gz"

// ErrNoModel means the embedded model is missing (run `make train`).
var ErrNoModel = errors.New("ner: no embedded model (run `make train`)")

// modelFile is the serialised model.
type modelFile struct {
	Version int
	// Keys are feature hashes; Weights[i*Scale..] their nLabels weights,
	// quantised: weight = float32(W) * Scale.
	Keys    []uint64
	W       []int16
	Scale   float32
	Trans   []float32 // (nLabels+1)*nLabels, last row = start
	Gaz     []uint64  // phrase hash keys
	GazVals []uint32
	// Clusters: exact (digit-normalised) word hash and lower-case hash.
	ClusKeys      []uint64
	ClusVals      []uint32
	ClusLowerKeys []uint64
	ClusLowerVals []uint32
	Info          map[string]string
}

// Tagger tags tokens with entity labels. It is safe for concurrent use.
type Tagger struct {
	index map[uint64]int32
	w     []float32
	trans []float32
	res   resources
	info  map[string]string
	pool  sync.Pool
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
	t := &Tagger{
		index: make(map[uint64]int32, len(m.Keys)),
		w:     make([]float32, len(m.W)),
		trans: m.Trans,
		info:  m.Info,
	}
	for i, k := range m.Keys {
		t.index[k] = int32(i)
	}
	for i, q := range m.W {
		t.w[i] = float32(q) * m.Scale
	}
	gz := &phraseSet{m: make(map[uint64]uint32, len(m.Gaz))}
	for i, k := range m.Gaz {
		gz.m[k] = m.GazVals[i]
	}
	t.res.gaz = []*phraseSet{gz}
	t.res.clusters = newClusterTable(m.ClusKeys, m.ClusVals, m.ClusLowerKeys, m.ClusLowerVals)
	return t, nil
}

// scratch is per-call working memory.
type scratch struct {
	infos  []tokInfo
	sinfo  []sentenceInfo
	feats  []uint64
	ends   []int32
	em     []float32
	back   []uint8
	labels []int
	doc    map[uint64]uint8
}

func (t *Tagger) getScratch() *scratch {
	if s, ok := t.pool.Get().(*scratch); ok {
		return s
	}
	return &scratch{doc: map[uint64]uint8{}}
}

func (t *Tagger) putScratch(s *scratch) {
	if cap(s.infos) > 1<<16 { // do not keep huge buffers around
		return
	}
	t.pool.Put(s)
}

// tagDocument labels every sentence of a document; labels[i] has len(sents[i]).
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
	docInfo(sents, &t.res, sc.infos, sc.sinfo, sc.doc, nil)
	k := 0
	for si, ws := range sents {
		n := len(ws)
		seg := sc.infos[k : k+n]
		k += n
		if n == 0 {
			fn(si, nil)
			continue
		}
		sc.ends = grow(sc.ends, n)
		sc.feats = sentenceFeatures(seg, sc.sinfo[si], sc.feats[:0], sc.ends)
		sc.em = grow(sc.em, n*nLabels)
		clear(sc.em)
		start := int32(0)
		for i := 0; i < n; i++ {
			e := sc.em[i*nLabels : i*nLabels+nLabels]
			for _, f := range sc.feats[start:sc.ends[i]] {
				if id, ok := t.index[f]; ok {
					w := t.w[int(id)*nLabels : int(id)*nLabels+nLabels]
					for y := range e {
						e[y] += w[y]
					}
				}
			}
			start = sc.ends[i]
		}
		sc.back = grow(sc.back, n*nLabels)
		sc.labels = grow(sc.labels, n)
		viterbi(sc.em, t.trans, n, sc.back, sc.labels)
		fn(si, sc.labels[:n])
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
