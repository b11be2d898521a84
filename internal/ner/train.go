package ner

import (
	"bytes"
	"compress/gzip"
	"encoding/gob"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"
)

// TrainOptions configure Train.
type TrainOptions struct {
	Epochs   int    // maximum passes over the training data
	Seed     uint64 // shuffling seed (training is deterministic for a seed)
	MinCount int    // keep features seen at least this often
	Folds    int    // jackknife folds for training-derived name lists
	// Geo is the GeoNames gazetteer (may be nil).
	Geo *Gazetteer
	// Clusters are word clusters learned from unlabelled text (may be nil).
	Clusters *Clusters
	// Dev, if set, is scored after every epoch and the best epoch kept.
	Dev    []Document
	Logger *slog.Logger
}

// trainSent is a training sentence with feature ids per token.
type trainSent struct {
	feats []int32 // feature ids, token i in feats[ends[i-1]:ends[i]]
	ends  []int32
	gold  []int
}

// Train learns a tagger from IOB-tagged documents and returns the encoded
// model (gzip'd gob), ready to write to data/models.
func Train(docs []Document, opt TrainOptions) ([]byte, map[string]string, error) {
	if opt.Epochs <= 0 {
		opt.Epochs = 12
	}
	if opt.MinCount <= 0 {
		opt.MinCount = 1
	}
	if opt.Folds <= 1 {
		opt.Folds = 5
	}
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	began := time.Now()
	var clus *clusterTable
	if opt.Clusters != nil {
		clus = opt.Clusters.table()
	}
	var geo *phraseSet
	if opt.Geo != nil {
		geo = opt.Geo.set
	}
	// training-derived name lists, jackknifed so that training features do
	// not see a document's own names
	foldSets := make([]*phraseSet, opt.Folds)
	for f := range foldSets {
		foldSets[f] = newPhraseSet()
	}
	fullSet := newPhraseSet()
	for di, d := range docs {
		for _, s := range d.Sentences {
			for _, sp := range SpansFromTags(s.Tags) {
				for f := range foldSets {
					if di%opt.Folds != f {
						addNameLists(foldSets[f], s.Words[sp.Start:sp.End], sp.Type)
					}
				}
				addNameLists(fullSet, s.Words[sp.Start:sp.End], sp.Type)
			}
		}
	}

	// features
	type rawSent struct {
		feats []uint64
		ends  []int32
		gold  []int
	}
	var raw []rawSent
	counts := map[uint64]int32{}
	var order []uint64
	docFlags := map[uint64]uint8{}
	for di, d := range docs {
		res := &resources{clusters: clus, gaz: []*phraseSet{geo, foldSets[di%opt.Folds]}}
		sents := make([][]string, len(d.Sentences))
		total := 0
		for i, s := range d.Sentences {
			sents[i] = normWords(s.Words)
			total += len(s.Words)
		}
		infos := make([]tokInfo, total)
		sinfo := make([]sentenceInfo, len(sents))
		docInfo(sents, res, infos, sinfo, docFlags, nil)
		k := 0
		for si, s := range d.Sentences {
			n := len(s.Words)
			ends := make([]int32, n)
			fs := sentenceFeatures(infos[k:k+n], sinfo[si], nil, ends)
			k += n
			for _, f := range fs {
				if counts[f] == 0 {
					order = append(order, f)
				}
				counts[f]++
			}
			raw = append(raw, rawSent{fs, ends, spansToLabels(SpansFromTags(s.Tags), n)})
		}
	}
	ids := map[uint64]int32{}
	var keys []uint64
	for _, f := range order {
		if int(counts[f]) >= opt.MinCount {
			ids[f] = int32(len(keys))
			keys = append(keys, f)
		}
	}
	counts = nil
	train := make([]trainSent, len(raw))
	for i, r := range raw {
		ts := trainSent{gold: r.gold, ends: make([]int32, len(r.ends))}
		start := int32(0)
		for j, e := range r.ends {
			for _, f := range r.feats[start:e] {
				if id, ok := ids[f]; ok {
					ts.feats = append(ts.feats, id)
				}
			}
			ts.ends[j] = int32(len(ts.feats))
			start = e
		}
		train[i] = ts
	}
	raw = nil
	log.Info("ner: features extracted", "sentences", len(train), "features", len(keys), "took", time.Since(began).Round(time.Millisecond))

	nf := len(keys)
	p := newPerceptron(nf)
	rng := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15))
	perm := make([]int, len(train))
	for i := range perm {
		perm[i] = i
	}
	// the evaluation tagger shares the index and resources of the final model
	evalRes := resources{clusters: clus, gaz: []*phraseSet{mergeSets(geo, fullSet)}}
	bestF, bestEpoch := -1.0, 0
	var bestW, bestT []float32
	info := map[string]string{}
	for ep := 1; ep <= opt.Epochs; ep++ {
		rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		errs := 0
		for _, i := range perm {
			errs += p.learn(&train[i])
		}
		w, tr := p.averaged()
		msg := []any{"epoch", ep, "token_errors", errs, "took", time.Since(began).Round(time.Second)}
		if len(opt.Dev) > 0 {
			tg := &Tagger{index: ids, w: w, trans: tr, res: evalRes}
			sc := tg.Evaluate(opt.Dev)
			_, _, f := sc.PRF("")
			msg = append(msg, "dev_f1", fmt.Sprintf("%.2f", 100*f))
			if f > bestF {
				bestF, bestEpoch, bestW, bestT = f, ep, w, tr
				for _, ty := range append([]string{""}, Types...) {
					_, _, ft := sc.PRF(ty)
					name := "dev_f1"
					if ty != "" {
						name += "_" + ty
					}
					info[name] = fmt.Sprintf("%.2f", 100*ft)
				}
			}
		} else {
			bestEpoch, bestW, bestT = ep, w, tr
		}
		log.Info("ner: epoch", msg...)
	}
	info["epochs"] = strconv.Itoa(bestEpoch)
	info["train_sentences"] = strconv.Itoa(len(train))
	m := buildModel(keys, bestW, bestT, evalRes)
	info["features"] = strconv.Itoa(len(m.Keys))
	m.Info = info
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err := gob.NewEncoder(zw).Encode(m); err != nil {
		return nil, nil, fmt.Errorf("ner: encode model: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, nil, fmt.Errorf("ner: compress model: %w", err)
	}
	info["model_bytes"] = strconv.Itoa(buf.Len())
	return buf.Bytes(), info, nil
}

// addNameLists records an entity phrase in the training-derived lists.
func addNameLists(ps *phraseSet, words []string, typ string) {
	switch typ {
	case "PER":
		ps.addWords(words, gazPER)
		if len(words) > 1 {
			ps.addWords(words[:1], gazFirstName)
			ps.addWords(words[len(words)-1:], gazLastName)
		}
	case "LOC":
		ps.addWords(words, gazLOC)
	case "ORG":
		ps.addWords(words, gazORG)
	case "MISC":
		ps.addWords(words, gazMISC)
	}
}

func mergeSets(sets ...*phraseSet) *phraseSet {
	out := newPhraseSet()
	for _, s := range sets {
		if s == nil {
			continue
		}
		for k, v := range s.m {
			out.m[k] |= v
		}
	}
	return out
}

// buildModel prunes zero rows, quantises weights and packs the resources.
func buildModel(keys []uint64, w, tr []float32, res resources) *modelFile {
	maxAbs := float32(0)
	for _, x := range w {
		maxAbs = max(maxAbs, float32(math.Abs(float64(x))))
	}
	scale := maxAbs / 32767
	if scale == 0 {
		scale = 1
	}
	m := &modelFile{Version: ModelVersion, Scale: scale, Trans: tr}
	for i, k := range keys {
		row := w[i*nLabels : i*nLabels+nLabels]
		var q [nLabels]int16
		nz := false
		for y, x := range row {
			q[y] = int16(math.Round(float64(x / scale)))
			nz = nz || q[y] != 0
		}
		if nz {
			m.Keys = append(m.Keys, k)
			m.W = append(m.W, q[:]...)
		}
	}
	if g := res.gaz[0]; g != nil {
		gk := make([]uint64, 0, len(g.m))
		for k := range g.m {
			gk = append(gk, k)
		}
		slices.Sort(gk)
		for _, k := range gk {
			m.Gaz = append(m.Gaz, k)
			m.GazVals = append(m.GazVals, g.m[k])
		}
	}
	if c := res.clusters; c != nil {
		m.ClusKeys, m.ClusVals = sortedMap(c.exact)
		m.ClusLowerKeys, m.ClusLowerVals = sortedMap(c.lower)
	}
	return m
}

func sortedMap(mp map[uint64]uint32) ([]uint64, []uint32) {
	ks := make([]uint64, 0, len(mp))
	for k := range mp {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	vs := make([]uint32, len(ks))
	for i, k := range ks {
		vs[i] = mp[k]
	}
	return ks, vs
}

// Evaluate tags the documents and scores them against their gold tags.
func (t *Tagger) Evaluate(docs []Document) *Score {
	sc := NewScore()
	for _, d := range docs {
		ws := make([][]string, len(d.Sentences))
		for i, s := range d.Sentences {
			ws[i] = s.Words
		}
		pred := t.TagDocument(ws)
		for i, s := range d.Sentences {
			sc.Add(s.Tags, pred[i])
		}
	}
	return sc
}

// perceptron is an averaged structured perceptron over BIOES labels.
type perceptron struct {
	w, tw []float32 // weights, transition weights
	acc   []float64 // sum of c*update, for averaging
	tacc  []float64
	c     float64
	em    []float32
	back  []uint8
	pred  []int
}

func newPerceptron(nf int) *perceptron {
	nt := (nLabels + 1) * nLabels
	return &perceptron{
		w: make([]float32, nf*nLabels), acc: make([]float64, nf*nLabels),
		tw: make([]float32, nt), tacc: make([]float64, nt), c: 1,
	}
}

func (p *perceptron) upd(i int32, y int, d float32) {
	k := int(i)*nLabels + y
	p.w[k] += d
	p.acc[k] += p.c * float64(d)
}

func (p *perceptron) updT(from, to int, d float32) {
	k := from*nLabels + to
	p.tw[k] += d
	p.tacc[k] += p.c * float64(d)
}

// learn decodes one sentence and updates on mistakes; it returns the number
// of wrongly labelled tokens.
func (p *perceptron) learn(s *trainSent) int {
	n := len(s.gold)
	if n == 0 {
		return 0
	}
	p.em = grow(p.em, n*nLabels)
	clear(p.em)
	start := int32(0)
	for i := 0; i < n; i++ {
		e := p.em[i*nLabels : i*nLabels+nLabels]
		for _, f := range s.feats[start:s.ends[i]] {
			w := p.w[int(f)*nLabels : int(f)*nLabels+nLabels]
			for y := range e {
				e[y] += w[y]
			}
		}
		start = s.ends[i]
	}
	p.back = grow(p.back, n*nLabels)
	p.pred = grow(p.pred, n)
	viterbi(p.em, p.tw, n, p.back, p.pred)
	errs := 0
	start = 0
	for i := 0; i < n; i++ {
		g, q := s.gold[i], p.pred[i]
		if g != q {
			errs++
			for _, f := range s.feats[start:s.ends[i]] {
				p.upd(f, g, 1)
				p.upd(f, q, -1)
			}
		}
		gp, qp := nLabels, nLabels
		if i > 0 {
			gp, qp = s.gold[i-1], p.pred[i-1]
		}
		if gp != qp || g != q {
			p.updT(gp, g, 1)
			p.updT(qp, q, -1)
		}
		start = s.ends[i]
	}
	p.c++
	return errs
}

// averaged returns the averaged weights.
func (p *perceptron) averaged() ([]float32, []float32) {
	w := make([]float32, len(p.w))
	for i := range w {
		w[i] = float32(float64(p.w[i]) - p.acc[i]/p.c)
	}
	t := make([]float32, len(p.tw))
	for i := range t {
		t[i] = float32(float64(p.tw[i]) - p.tacc[i]/p.c)
	}
	return w, t
}
