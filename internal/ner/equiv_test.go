package ner

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/newsfind/newsfind/internal/tokenize"
)

// The tagger's fast path (word cache, contextFeatures, precomputed rows,
// viterbiFast) must give exactly the scores and labels of the plain
// feature-by-feature computation that training uses. refTagDocument is that
// plain computation.

// refEmissions returns the local emission sums of a document computed
// feature by feature from sentenceFeatures, as the tagger did before the
// word cache.
func refEmissions(t *Tagger, sents [][]string) (infos []tokInfo, acc1, acc2 []int32, sinfo []sentenceInfo, agg []uint64) {
	total := 0
	for _, s := range sents {
		total += len(s)
	}
	infos = make([]tokInfo, total)
	sinfo = make([]sentenceInfo, len(sents))
	docInfo(sents, &t.res, infos, sinfo, map[uint64]uint8{})
	agg = aggregateContexts(sents, infos, newOccIndex(), nil)
	acc1 = make([]int32, total*nLabels)
	acc2 = make([]int32, total*nLabels)
	k := 0
	for si, ws := range sents {
		n := len(ws)
		if n == 0 {
			continue
		}
		ends := make([]int32, n)
		fs := sentenceFeatures(infos[k:k+n], sinfo[si], agg, nil, ends)
		start := int32(0)
		for i := 0; i < n; i++ {
			for _, f := range fs[start:ends[i]] {
				id := t.index.get(f)
				if id < 0 {
					continue
				}
				row := t.w[int(id)*t.stride : int(id)*t.stride+t.stride]
				for y := 0; y < nLabels; y++ {
					acc1[(k+i)*nLabels+y] += int32(row[y])
					if t.stride == 2*nLabels {
						acc2[(k+i)*nLabels+y] += int32(row[nLabels+y])
					}
				}
			}
			start = ends[i]
		}
		k += n
	}
	return infos, acc1, acc2, sinfo, agg
}

// refTagDocument labels a document the plain way: refEmissions, viterbi,
// then the second pass with nlStats.features.
func refTagDocument(t *Tagger, sents [][]string) [][]int {
	infos, acc1, acc2, _, _ := refEmissions(t, sents)
	total := len(infos)
	labels := make([]int, total)
	decode := func(acc []int32, s float32, trans []float32, out []int) {
		n := len(out)
		em := make([]float32, len(acc))
		for i, a := range acc {
			em[i] = float32(a) * s
		}
		viterbi(em, trans, n, make([]uint8, n*nLabels), out)
	}
	k := 0
	for _, ws := range sents {
		decode(acc1[k*nLabels:(k+len(ws))*nLabels], t.scale1, t.trans, labels[k:k+len(ws)])
		k += len(ws)
	}
	out := make([][]int, len(sents))
	if t.trans2 == nil {
		k = 0
		for si, ws := range sents {
			out[si] = labels[k : k+len(ws)]
			k += len(ws)
		}
		return out
	}
	st := newNLStats()
	st.collect(infos, labels)
	k = 0
	for si, ws := range sents {
		n := len(ws)
		for i := k; i < k+n; i++ {
			for _, f := range st.features(infos, labels, k, k+n, i, nil) {
				if id := t.index.get(f); id >= 0 {
					for y := 0; y < nLabels; y++ {
						acc2[i*nLabels+y] += int32(t.w[int(id)*t.stride+nLabels+y])
					}
				}
			}
		}
		out[si] = make([]int, n)
		decode(acc2[k*nLabels:(k+n)*nLabels], t.scale2, t.trans2, out[si])
		k += n
	}
	return out
}

// fastLabels runs the tagger's own path and copies the labels out.
func fastLabels(t *Tagger, sents [][]string) [][]int {
	out := make([][]int, len(sents))
	t.tagDocument(sents, func(si int, labels []int) { out[si] = slices.Clone(labels) })
	return out
}

// checkSameAsReference compares the fast path with the reference on one
// document: infos, first-pass emissions and final labels.
func checkSameAsReference(t *testing.T, tg *Tagger, name string, sents [][]string) {
	t.Helper()
	infos, acc1, acc2, _, agg := refEmissions(tg, sents)
	total := len(infos)
	sc := tg.getScratch()
	sc.infos = grow(sc.infos, total)
	sc.sinfo = grow(sc.sinfo, len(sents))
	sc.wid = grow(sc.wid, total)
	tg.docInfoCached(sc, sents, total)
	sc.agg = aggregateContexts(sents, sc.infos[:total], sc.occ, sc.agg)
	tg.emissions(sc, sents, total)
	for i := range infos {
		fi, ri := sc.infos[i], infos[i]
		if !slices.Equal(sc.agg[fi.aggStart:fi.aggEnd], agg[ri.aggStart:ri.aggEnd]) {
			t.Fatalf("%s: token %d aggregated contexts differ", name, i)
		}
		fi.aggStart, fi.aggEnd, ri.aggStart, ri.aggEnd = 0, 0, 0, 0
		if fi != ri {
			t.Fatalf("%s: token %d info differs:\nfast %+v\nref  %+v", name, i, fi, ri)
		}
	}
	if !slices.Equal(sc.acc[:total*nLabels], acc1) {
		t.Fatalf("%s: first-pass emissions differ", name)
	}
	if tg.trans2 != nil && !slices.Equal(sc.acc2[:total*nLabels], acc2) {
		t.Fatalf("%s: second-pass local emissions differ", name)
	}
	tg.putScratch(sc)
	want := refTagDocument(tg, sents)
	got := fastLabels(tg, sents)
	for si := range want {
		if !slices.Equal(got[si], want[si]) {
			t.Fatalf("%s: sentence %d labels %v, reference %v", name, si, got[si], want[si])
		}
	}
}

func TestFastPathMatchesReference(t *testing.T) {
	tg := mustDefault(t)
	docs := [][][]string{
		{{"Peter", "Blackburn", "said"}},
		{{"x"}},
		{{}, {"New", "York", "City", "'s", "mayor"}, {}},
		// title-case headline, all-caps headline, digits, repeats
		{strings.Fields("Trump Says He Will Meet Kim In Singapore Next Month"),
			strings.Fields("SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT ."),
			strings.Fields("Kim met Trump in Singapore on June 12 , 2018 , and 1999 was 2000 ."),
			strings.Fields("Kim Jong Un and Donald Trump shook hands ; Kim smiled .")},
	}
	if f, err := os.Open(sharedDir + "/data/conll2003/dev.txt"); err == nil {
		dev, err := ReadCoNLL(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range dev[:60] {
			var ws [][]string
			for _, s := range d.Sentences {
				ws = append(ws, normWords(s.Words))
			}
			docs = append(docs, ws)
		}
	}
	for i, d := range docs {
		checkSameAsReference(t, tg, fmt.Sprintf("doc %d", i), d)
	}
}

// TestWordCacheEviction runs enough distinct words through one scratch to
// force evictions and checks that the output still matches the reference.
func TestWordCacheEviction(t *testing.T) {
	tg := mustDefault(t)
	rng := rand.New(rand.NewPCG(3, 4))
	word := func() string {
		const letters = "abcdefghijklmnopqrstuvwxyz"
		b := make([]byte, 3+rng.IntN(6))
		for i := range b {
			b[i] = letters[rng.IntN(len(letters))]
		}
		if rng.IntN(3) == 0 {
			b[0] -= 'a' - 'A'
		}
		return string(b)
	}
	common := []string{"the", "said", "President", "of", ",", ".", "Paris"}
	evictions := 0
	for d := 0; d < 16; d++ {
		var sents [][]string
		for s := 0; s < 80; s++ {
			var ws []string
			for range 20 {
				if rng.IntN(2) == 0 {
					ws = append(ws, common[rng.IntN(len(common))])
				} else {
					ws = append(ws, word())
				}
			}
			sents = append(sents, ws)
		}
		sc := tg.getScratch()
		before := len(sc.words.entries)
		tg.putScratch(sc)
		checkSameAsReference(t, tg, "random", sents)
		sc = tg.getScratch()
		if len(sc.words.entries) < before {
			evictions++
		}
		tg.putScratch(sc)
	}
	if evictions == 0 {
		t.Errorf("no eviction happened; the test does not cover it")
	}
	// one document with more distinct words than the cache holds: the
	// cache grows for it, then returns to its normal size
	var huge [][]string
	for range 700 {
		var ws []string
		for range 20 {
			ws = append(ws, word())
		}
		huge = append(huge, ws)
	}
	checkSameAsReference(t, tg, "huge", huge)
	sc := tg.getScratch()
	grown := len(sc.words.slots) > 2*maxCachedWords
	tg.putScratch(sc)
	if !grown {
		t.Errorf("the cache did not grow for a document of %d tokens", 700*20)
	}
	checkSameAsReference(t, tg, "after huge", [][]string{strings.Fields("Kim met Trump in Singapore .")})
	sc = tg.getScratch()
	if len(sc.words.slots) > 2*maxCachedWords {
		t.Errorf("the cache kept %d slots after the huge document", len(sc.words.slots))
	}
	tg.putScratch(sc)
}

func TestViterbiFastMatchesViterbi(t *testing.T) {
	tg := mustDefault(t)
	rng := rand.New(rand.NewPCG(5, 6))
	transs := [][]float32{tg.trans, tg.trans2}
	for range 3 {
		tr := make([]float32, (nLabels+1)*nLabels)
		for i := range tr {
			tr[i] = float32(rng.IntN(3)) // small integers: many ties
		}
		transs = append(transs, tr)
	}
	for ti, trans := range transs {
		vt := newViterbiTable(trans)
		for iter := 0; iter < 300; iter++ {
			n := 1 + rng.IntN(30)
			acc := make([]int32, n*nLabels)
			em := make([]float32, n*nLabels)
			s := float32(0.5)
			if iter%2 == 0 {
				s = 0.013 // an odd scale, as quantisation gives
			}
			for i := range acc {
				if iter%3 == 0 {
					acc[i] = int32(rng.IntN(3)) // ties
				} else {
					acc[i] = int32(rng.IntN(20000) - 10000)
				}
				em[i] = float32(acc[i]) * s
			}
			want := make([]int, n)
			viterbi(em, trans, n, make([]uint8, n*nLabels), want)
			got := make([]int, n)
			viterbiFast(vt, acc, s, make([]uint8, n*nLabels), got)
			if !slices.Equal(got, want) {
				t.Fatalf("trans %d iter %d: viterbiFast %v, viterbi %v", ti, iter, got, want)
			}
		}
	}
}

// FuzzTagMatchesReference tags arbitrary text both ways.
func FuzzTagMatchesReference(f *testing.F) {
	for _, s := range []string{
		"Barack Obama visited Jakarta. The White House said ISIS was a threat.",
		"TRUMP SAYS HE WILL MEET KIM\n\nKim Jong Un met Trump in Singapore on 12 June 2018.",
		"“We will win,” said Jean-Claude Juncker — speaking in Paris… O’Neill’s 3.5%",
		"", "a", "New York New York New York", "Johnson & Johnson will pay $76 for each Guidant share.",
	} {
		f.Add(s)
	}
	tg, err := Default()
	if err != nil {
		f.Skip(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		toks := tokenize.Tokenize(text)
		var sents [][]string
		for _, s := range tokenize.Sentences(text, toks) {
			var ws []string
			for _, tk := range toks[s.Start:s.End] {
				ws = append(ws, normWord(tk.Text))
			}
			sents = append(sents, ws)
		}
		want := refTagDocument(tg, sents)
		got := fastLabels(tg, sents)
		for si := range want {
			if !slices.Equal(got[si], want[si]) {
				t.Fatalf("sentence %d: labels %v, reference %v", si, got[si], want[si])
			}
		}
	})
}

// TestTagConcurrentDocuments tags different documents from more goroutines
// than scratches are kept, so scratches and their caches are created,
// shared out and dropped, and checks each result against the reference.
func TestTagConcurrentDocuments(t *testing.T) {
	tg := mustDefault(t)
	texts := []string{
		"Barack Obama visited Jakarta. The White House said ISIS was a threat to Iraq and Syria.",
		"Shares of Microsoft Corp. rose 3.5 percent on Wall Street after Satya Nadella spoke in Redmond.",
		"Trump Says He Will Meet Kim In Singapore Next Month\n\nPresident Donald Trump said he would meet Kim.",
		"Johnson & Johnson will pay $76 for each Guidant share, Guidant said in Indianapolis.",
	}
	docs := make([][][]string, len(texts))
	want := make([][][]int, len(texts))
	for i, text := range texts {
		toks := tokenize.Tokenize(text)
		for _, s := range tokenize.Sentences(text, toks) {
			var ws []string
			for _, tk := range toks[s.Start:s.End] {
				ws = append(ws, normWord(tk.Text))
			}
			docs[i] = append(docs[i], ws)
		}
		want[i] = refTagDocument(tg, docs[i])
	}
	var wg sync.WaitGroup
	for g := range 3*runtime.GOMAXPROCS(0) + 1 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 30 {
				i := (g + j) % len(docs)
				got := fastLabels(tg, docs[i])
				for si := range got {
					if !slices.Equal(got[si], want[i][si]) {
						t.Errorf("goroutine %d, text %d, sentence %d: %v, reference %v", g, i, si, got[si], want[i][si])
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

// TestFastPathVariants covers the taggers training builds: a one-pass model
// (the first-pass weights alone) and resources with several phrase sets
// (no cached gazetteer probe).
func TestFastPathVariants(t *testing.T) {
	tg := mustDefault(t)
	rows := len(tg.w) / tg.stride
	w1 := make([]int16, rows*nLabels)
	for r := range rows {
		copy(w1[r*nLabels:], tg.w[r*tg.stride:r*tg.stride+nLabels])
	}
	onePass := newTaggerQuant(tg.index, w1, tg.scale1, tg.trans, nil, 0, nil, tg.res)
	res := tg.res
	res.gaz = []*phraseSet{tg.res.gaz[0], newPhraseSet(), tg.res.gaz[0]}
	multiGaz := newTaggerQuant(tg.index, w1, tg.scale1, tg.trans, nil, 0, nil, res)
	docs := [][][]string{
		{strings.Fields("New York City 's mayor met Prime Minister Narendra Modi in New Delhi on Monday .")},
		{strings.Fields("SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT ."),
			strings.Fields("Nadim Ladki"), strings.Fields("AL-AIN , United Arab Emirates 1996-12-06")},
	}
	for name, v := range map[string]*Tagger{"one-pass": onePass, "several phrase sets": multiGaz} {
		if v.trans2 != nil {
			t.Fatalf("%s: not a one-pass tagger", name)
		}
		for i, d := range docs {
			checkSameAsReference(t, v, fmt.Sprintf("%s doc %d", name, i), d)
		}
	}
}

// TestFastPathTrainedModel trains a small two-pass model (other weights,
// other transitions) and checks the fast path against the reference with it.
func TestFastPathTrainedModel(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a model")
	}
	read := func(name string) []Document {
		f, err := os.Open(sharedDir + "/data/conll2003/" + name)
		if err != nil {
			t.Skipf("CoNLL-2003 not available (%v); CI provides ../shared", err)
		}
		defer f.Close()
		docs, err := ReadCoNLL(f)
		if err != nil {
			t.Fatal(err)
		}
		return docs
	}
	train, dev := read("train.txt"), read("dev.txt")
	model, _, err := Train(train[:40], TrainOptions{Epochs: 2, Seed: 1, Folds: 2, TwoPass: true, Dev: dev[:10]})
	if err != nil {
		t.Fatal(err)
	}
	tg, err := Load(bytes.NewReader(model))
	if err != nil {
		t.Fatal(err)
	}
	if tg.trans2 == nil {
		t.Fatal("not a two-pass model")
	}
	for i, d := range dev[10:40] {
		var ws [][]string
		for _, s := range d.Sentences {
			ws = append(ws, normWords(s.Words))
		}
		checkSameAsReference(t, tg, fmt.Sprintf("trained, dev doc %d", 10+i), ws)
	}
}
