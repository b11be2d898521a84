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

	"github.com/newsfind/newsfind/internal/tokenize"
)

// TrainOptions configure Train.
type TrainOptions struct {
	Epochs   int    // maximum passes over the training data
	Seed     uint64 // shuffling seed (training is deterministic for a seed)
	MinCount int    // keep features seen at least this often
	Folds    int    // jackknife folds for training-derived name lists and stage-1 labels
	TwoPass  bool   // add a second, document-level pass over first-pass labels
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
	var lowerPref []uint64
	if opt.Clusters != nil {
		clus = opt.Clusters.table()
		for h := range opt.Clusters.LowerPref {
			lowerPref = append(lowerPref, h)
		}
		slices.Sort(lowerPref)
	}
	var lowerTab *featTable
	if len(lowerPref) > 0 {
		lowerTab = newFeatTable(lowerPref)
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
	titleSet := newPhraseSet()
	for _, t := range titles {
		titleSet.addWords(tokenizeWords(t), gazTitle)
	}
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

	// features of every training token, by document
	type docData struct {
		infos     []tokInfo
		sentStart []int // token offset of each sentence in infos
		first     int   // index of the document's first sentence in train
	}
	var dd []docData
	var rawFeats [][]uint64
	var rawEnds [][]int32
	var golds [][]int
	counts := map[uint64]int32{}
	var order []uint64
	docFlags := map[uint64]uint8{}
	occ := newOccIndex()
	for di, d := range docs {
		// Title-case truecasing (lowerPref) is left out here: it is for
		// headlines of real news, and the few title-case lines of the
		// training data are tables that it would only blur.
		res := &resources{clusters: clus, gaz: []*phraseSet{geo, titleSet, foldSets[di%opt.Folds]}}
		sents := make([][]string, len(d.Sentences))
		total := 0
		starts := make([]int, len(d.Sentences))
		for i, s := range d.Sentences {
			sents[i] = normWords(s.Words)
			starts[i] = total
			total += len(s.Words)
		}
		infos := make([]tokInfo, total)
		sinfo := make([]sentenceInfo, len(sents))
		docInfo(sents, res, infos, sinfo, docFlags)
		agg := aggregateContexts(sents, infos, occ, nil)
		dd = append(dd, docData{infos: infos, sentStart: starts, first: len(rawFeats)})
		for si, s := range d.Sentences {
			n := len(s.Words)
			ends := make([]int32, n)
			fs := sentenceFeatures(infos[starts[si]:starts[si]+n], sinfo[si], agg, nil, ends)
			for _, f := range fs {
				if counts[f] == 0 {
					order = append(order, f)
				}
				counts[f]++
			}
			rawFeats = append(rawFeats, fs)
			rawEnds = append(rawEnds, ends)
			golds = append(golds, spansToLabels(SpansFromTags(s.Tags), n))
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
	counts, order = nil, nil
	train := make([]trainSent, len(rawFeats))
	for i := range rawFeats {
		ts := trainSent{gold: golds[i], ends: make([]int32, len(rawEnds[i]))}
		start := int32(0)
		for j, e := range rawEnds[i] {
			for _, f := range rawFeats[i][start:e] {
				if id, ok := ids[f]; ok {
					ts.feats = append(ts.feats, id)
				}
			}
			ts.ends[j] = int32(len(ts.feats))
			start = e
		}
		train[i] = ts
	}
	rawFeats, rawEnds = nil, nil
	log.Info("ner: features extracted", "sentences", len(train), "features", len(keys), "took", time.Since(began).Round(time.Millisecond))

	all := make([]int, len(train))
	for i := range all {
		all[i] = i
	}
	evalRes := resources{clusters: clus, gaz: []*phraseSet{mergeSets(geo, titleSet, fullSet)}, lowerPref: lowerTab}
	info := map[string]string{}
	devEval := func(stage string, tg *Tagger, ep int, best *float64) bool {
		if len(opt.Dev) == 0 {
			return true
		}
		sc := tg.Evaluate(opt.Dev)
		_, _, f := sc.PRF("")
		log.Info("ner: epoch", "stage", stage, "epoch", ep, "dev_f1", fmt.Sprintf("%.2f", 100*f), "took", time.Since(began).Round(time.Second))
		if f <= *best {
			return false
		}
		*best = f
		for _, ty := range append([]string{""}, Types...) {
			_, _, ft := sc.PRF(ty)
			name := "dev_f1"
			if ty != "" {
				name += "_" + ty
			}
			info[name] = fmt.Sprintf("%.2f", 100*ft)
		}
		info["stage"] = stage
		info["epochs_"+stage] = strconv.Itoa(ep)
		return true
	}

	// stage 1: local features only
	best1 := -1.0
	w1, t1, ep1 := runPerceptron(train, all, len(keys), opt.Epochs, opt.Seed, func(ep int, w, t []float32) bool {
		return devEval("1", newTaggerWeights(tableOf(ids), w, t, nil, nil, evalRes), ep, &best1)
	})
	if !opt.TwoPass {
		return encodeModel(keys, w1, t1, nil, nil, evalRes, lowerPref, info)
	}

	// stage-1 labels of the training data, jack-knifed over documents
	pred := make([][]int, len(train))
	for f := 0; f < opt.Folds; f++ {
		var in, out []int
		for di := range dd {
			end := len(train)
			if di+1 < len(dd) {
				end = dd[di+1].first
			}
			for si := dd[di].first; si < end; si++ {
				if di%opt.Folds == f {
					out = append(out, si)
				} else {
					in = append(in, si)
				}
			}
		}
		wf, tf, _ := runPerceptron(train, in, len(keys), ep1, opt.Seed+uint64(f)+1, nil)
		p := newPerceptron(0)
		p.w, p.tw = wf, tf
		for _, si := range out {
			pred[si] = slices.Clone(p.decodeSent(&train[si]))
		}
		log.Info("ner: jack-knife fold", "fold", f, "sentences", len(out), "took", time.Since(began).Round(time.Second))
	}
	// stage 2: add document-level features from the stage-1 labels
	train2 := make([]trainSent, len(train))
	st := newNLStats()
	var nl []uint64
	for di := range dd {
		d := &dd[di]
		end := len(train)
		if di+1 < len(dd) {
			end = dd[di+1].first
		}
		labels := make([]int, 0, len(d.infos))
		for si := d.first; si < end; si++ {
			labels = append(labels, pred[si]...)
		}
		st.collect(d.infos, labels)
		for si := d.first; si < end; si++ {
			ts := &train[si]
			off := d.sentStart[si-d.first]
			n := len(ts.gold)
			t2 := trainSent{gold: ts.gold, ends: make([]int32, n)}
			start := int32(0)
			for i := 0; i < n; i++ {
				t2.feats = append(t2.feats, ts.feats[start:ts.ends[i]]...)
				start = ts.ends[i]
				nl = st.features(d.infos, labels, off, off+n, off+i, nl[:0])
				for _, f := range nl {
					id, ok := ids[f]
					if !ok {
						id = int32(len(keys))
						ids[f] = id
						keys = append(keys, f)
					}
					t2.feats = append(t2.feats, id)
				}
				t2.ends[i] = int32(len(t2.feats))
			}
			train2[si] = t2
		}
	}
	w1 = append(w1, make([]float32, (len(keys)-len(w1)/nLabels)*nLabels)...)
	log.Info("ner: stage 2 features", "features", len(keys))
	best2 := -1.0
	idx2 := tableOf(ids)
	w2, t2, _ := runPerceptron(train2, all, len(keys), opt.Epochs, opt.Seed+100, func(ep int, w, t []float32) bool {
		return devEval("2", newTaggerWeights(idx2, w1, t1, w, t, evalRes), ep, &best2)
	})
	if best2 < best1 {
		log.Warn("ner: second pass did not help on dev; keeping one pass", "stage1", best1, "stage2", best2)
	}
	return encodeModel(keys, w1, t1, w2, t2, evalRes, lowerPref, info)
}

// runPerceptron trains on the sentences idx for up to epochs passes; after
// each pass onEpoch (if set) gets the averaged weights and says whether they
// are the best so far. It returns the best weights and their epoch.
func runPerceptron(train []trainSent, idx []int, nf, epochs int, seed uint64, onEpoch func(ep int, w, t []float32) bool) ([]float32, []float32, int) {
	p := newPerceptron(nf)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	perm := slices.Clone(idx)
	var bestW, bestT []float32
	bestEp := 0
	for ep := 1; ep <= epochs; ep++ {
		rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		for _, i := range perm {
			p.learn(&train[i])
		}
		if onEpoch == nil {
			continue
		}
		w, t := p.averaged()
		if onEpoch(ep, w, t) {
			bestW, bestT, bestEp = w, t, ep
		}
	}
	if bestW == nil {
		bestW, bestT = p.averaged()
		bestEp = epochs
	}
	return bestW, bestT, bestEp
}

func encodeModel(keys []uint64, w1, t1, w2, t2 []float32, res resources, lowerPref []uint64, info map[string]string) ([]byte, map[string]string, error) {
	m := buildModel(keys, w1, t1, w2, t2, res)
	m.LowerPref = lowerPref
	info["features"] = strconv.Itoa(len(m.Keys))
	for k, v := range info {
		m.Info = append(m.Info, k+"="+v)
	}
	slices.Sort(m.Info)
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

func quantScale(w []float32) float32 {
	maxAbs := float32(0)
	for _, x := range w {
		maxAbs = max(maxAbs, float32(math.Abs(float64(x))))
	}
	if maxAbs == 0 {
		return 1
	}
	return maxAbs / 32767
}

func quantize(w []float32, scale float32) []int16 {
	q := make([]int16, len(w))
	for i, x := range w {
		q[i] = int16(math.Round(float64(x / scale)))
	}
	return q
}

// buildModel prunes all-zero rows, quantises weights and packs the resources.
func buildModel(keys []uint64, w, tr, w2, tr2 []float32, res resources) *modelFile {
	m := &modelFile{Version: ModelVersion, Scale: quantScale(w), Trans: tr}
	q1 := quantize(w, m.Scale)
	var q2 []int16
	if w2 != nil {
		m.Scale2, m.Trans2 = quantScale(w2), tr2
		q2 = quantize(w2, m.Scale2)
	}
	for i, k := range keys {
		nz := false
		for _, x := range q1[i*nLabels : i*nLabels+nLabels] {
			nz = nz || x != 0
		}
		if q2 != nil {
			for _, x := range q2[i*nLabels : i*nLabels+nLabels] {
				nz = nz || x != 0
			}
		}
		if nz {
			m.Keys = append(m.Keys, k)
			m.W = append(m.W, q1[i*nLabels:i*nLabels+nLabels]...)
			if q2 != nil {
				m.W2 = append(m.W2, q2[i*nLabels:i*nLabels+nLabels]...)
			}
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
	p.decodeSent(s)
	errs := 0
	start := int32(0)
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

// decodeSent returns the best labels of s under the current weights.
func (p *perceptron) decodeSent(s *trainSent) []int {
	n := len(s.gold)
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
	return p.pred[:n]
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

// tableOf builds the lookup table of a training feature index.
func tableOf(ids map[uint64]int32) *featTable {
	keys := make([]uint64, len(ids))
	for k, v := range ids {
		keys[v] = k
	}
	return newFeatTable(keys)
}

// tokenizeWords splits a phrase into tokens as the tagger sees them.
func tokenizeWords(s string) []string {
	toks := tokenize.Tokenize(s)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Text
	}
	return out
}
