package ner

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newsfind/newsfind/internal/tokenize"
)

// clusterTable maps words to hierarchical cluster codes c1<<16 | c2<<8 | c3
// (c2 refines c1, c3 refines c2). Lookup tries the exact (digit-normalised)
// word, then its lower-case form.
type clusterTable struct {
	exact, lower map[uint64]uint32
	te, tl       *featTable // read-only lookup tables, if built
}

func newClusterTable(keys []uint64, vals []uint32, lkeys []uint64, lvals []uint32) *clusterTable {
	if len(keys) == 0 && len(lkeys) == 0 {
		return nil
	}
	c := &clusterTable{exact: make(map[uint64]uint32, len(keys)), lower: make(map[uint64]uint32, len(lkeys))}
	for i, k := range keys {
		c.exact[k] = vals[i]
	}
	for i, k := range lkeys {
		c.lower[k] = lvals[i]
	}
	c.te = newFeatTableVals(keys, u32to32(vals))
	c.tl = newFeatTableVals(lkeys, u32to32(lvals))
	return c
}

func u32to32(v []uint32) []int32 {
	out := make([]int32, len(v))
	for i, x := range v {
		out[i] = int32(x)
	}
	return out
}

func (c *clusterTable) lookup(word, lower uint64) (uint32, bool) {
	if c.te != nil {
		if v := c.te.get(word); v >= 0 {
			return uint32(v), true
		}
		if v := c.tl.get(lower); v >= 0 {
			return uint32(v), true
		}
		return 0, false
	}
	if v, ok := c.exact[word]; ok {
		return v, true
	}
	v, ok := c.lower[lower]
	return v, ok
}

// Clusters are word clusters learned from unlabelled text, keyed by word
// hashes (see clusterTable).
type Clusters struct {
	Exact, Lower map[uint64]uint32
	Words        int
	// LowerPref holds the lower-case hashes of words written in lower case
	// much more often than capitalised ("says", "month"): in title-case
	// headlines their capitals carry no information.
	LowerPref map[uint64]bool
}

func (c *Clusters) table() *clusterTable {
	return &clusterTable{exact: c.Exact, lower: c.Lower}
}

// ClusterOptions size the cluster learner.
type ClusterOptions struct {
	Vocab     int    // words clustered (most frequent first)
	MinCount  int    // ignore rarer words
	Context1  int    // context words at distance 1 (each side)
	Context2  int    // context words at distance 2 (each side)
	MaxTokens int    // stop reading text after this many tokens
	K         [3]int // clusters per level (level 2 and 3 split each parent)
	Iters     int    // k-means iterations per level
	Seed      uint64
}

// DefaultClusterOptions are the settings `newsfind train` uses.
var DefaultClusterOptions = ClusterOptions{
	Vocab: 60000, MinCount: 5, Context1: 256, Context2: 64, MaxTokens: 40_000_000,
	K: [3]int{32, 8, 8}, Iters: 8, Seed: 7,
}

// LearnClustersFromDir learns word clusters from the *.jsonl.gz news files in
// dir (title and body of each line) plus the words of docs, caching the
// result in cache if it is not empty.
func LearnClustersFromDir(ctx context.Context, dir string, docs []Document, cache string, log *slog.Logger) (*Clusters, error) {
	opt := DefaultClusterOptions
	key := fmt.Sprintf("v2 %+v", opt)
	if cache != "" {
		if c, err := readClusterCache(cache, key); err == nil {
			log.Info("ner: clusters from cache", "file", cache, "words", c.Words)
			return c, nil
		}
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl.gz"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("ner: clusters: no *.jsonl.gz files in %s", dir)
	}
	sort.Strings(files)
	began := time.Now()
	cl := newClusterLearner(opt)
	// training words first (always within the token budget)
	for _, d := range docs {
		for _, s := range d.Sentences {
			cl.addSentence(normWords(s.Words))
		}
	}
	texts := make(chan string, 64)
	errc := make(chan error, 1)
	go func() {
		defer close(texts)
		errc <- readNewsTexts(ctx, files, opt.MaxTokens*7, texts) // ~7 bytes per token
	}()
	// two passes over the same token stream are avoided by keeping ids
	for text := range texts {
		if cl.tokens >= opt.MaxTokens {
			continue
		}
		toks := tokenize.Tokenize(text)
		for _, s := range tokenize.Sentences(text, toks) {
			ws := make([]string, 0, s.End-s.Start)
			for _, t := range toks[s.Start:s.End] {
				ws = append(ws, normWord(t.Text))
			}
			cl.addSentence(ws)
		}
	}
	if err := <-errc; err != nil {
		return nil, err
	}
	log.Info("ner: clusters: corpus read", "tokens", cl.tokens, "types", len(cl.ids), "took", time.Since(began).Round(time.Second))
	c := cl.cluster(ctx, log)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	log.Info("ner: clusters learned", "words", c.Words, "took", time.Since(began).Round(time.Second))
	if cache != "" {
		if err := writeClusterCache(cache, key, c); err != nil {
			log.Warn("ner: clusters: cache not written", "err", err)
		}
	}
	return c, nil
}

// readNewsTexts sends "title\n\nbody" of each JSON line of the files until
// about maxBytes have been sent.
func readNewsTexts(ctx context.Context, files []string, maxBytes int, out chan<- string) error {
	sent := 0
	// interleave files so every source contributes under the budget
	type src struct {
		sc   *bufio.Scanner
		done bool
	}
	var srcs []*src
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("ner: clusters: %w", err)
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			return fmt.Errorf("ner: clusters: %s: %w", path, err)
		}
		sc := bufio.NewScanner(zr)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		srcs = append(srcs, &src{sc: sc})
	}
	for active := len(srcs); active > 0 && sent < maxBytes; {
		active = 0
		for _, s := range srcs {
			if s.done {
				continue
			}
			if !s.sc.Scan() {
				s.done = true
				continue
			}
			active++
			var a struct{ Title, Body string }
			if err := json.Unmarshal(s.sc.Bytes(), &a); err != nil {
				continue
			}
			text := a.Title + "\n\n" + a.Body
			sent += len(text)
			select {
			case out <- text:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	return nil
}

type clusterLearner struct {
	opt    ClusterOptions
	ids    map[string]int32
	words  []string
	counts []int32
	// token ids of the corpus (sentence breaks are -1)
	corpus []int32
	tokens int
}

func newClusterLearner(opt ClusterOptions) *clusterLearner {
	return &clusterLearner{opt: opt, ids: map[string]int32{}}
}

func (cl *clusterLearner) addSentence(ws []string) {
	for _, w := range ws {
		w = digitsToZero(w)
		id, ok := cl.ids[w]
		if !ok {
			id = int32(len(cl.words))
			cl.ids[strings.Clone(w)] = id
			cl.words = append(cl.words, strings.Clone(w))
			cl.counts = append(cl.counts, 0)
		}
		cl.counts[id]++
		cl.corpus = append(cl.corpus, id)
	}
	cl.tokens += len(ws)
	cl.corpus = append(cl.corpus, -1)
}

func digitsToZero(w string) string {
	if !strings.ContainsAny(w, "123456789") {
		return w
	}
	b := []byte(w)
	for i, c := range b {
		if c >= '1' && c <= '9' {
			b[i] = '0'
		}
	}
	return string(b)
}

// cluster builds context vectors for the most frequent words and clusters
// them hierarchically with spherical k-means.
func (cl *clusterLearner) cluster(ctx context.Context, log *slog.Logger) *Clusters {
	opt := cl.opt
	order := make([]int32, len(cl.words))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int {
		if cl.counts[a] != cl.counts[b] {
			return int(cl.counts[b] - cl.counts[a])
		}
		return strings.Compare(cl.words[a], cl.words[b])
	})
	// context index: rank among the most frequent words
	ctx1 := make([]int32, len(cl.words))
	ctx2 := make([]int32, len(cl.words))
	for i := range ctx1 {
		ctx1[i], ctx2[i] = -1, -1
	}
	for r, id := range order {
		if r < opt.Context1 {
			ctx1[id] = int32(r)
		}
		if r < opt.Context2 {
			ctx2[id] = int32(r)
		}
	}
	row := make([]int32, len(cl.words))
	for i := range row {
		row[i] = -1
	}
	var vocab []int32
	for _, id := range order {
		if len(vocab) >= opt.Vocab || int(cl.counts[id]) < opt.MinCount {
			break
		}
		row[id] = int32(len(vocab))
		vocab = append(vocab, id)
	}
	dim := 2*opt.Context1 + 2*opt.Context2
	vec := make([]float32, len(vocab)*dim)
	c := cl.corpus
	for i, id := range c {
		if id < 0 || row[id] < 0 {
			continue
		}
		v := vec[int(row[id])*dim : int(row[id])*dim+dim]
		if i > 0 && c[i-1] >= 0 && ctx1[c[i-1]] >= 0 {
			v[ctx1[c[i-1]]]++
		}
		if i+1 < len(c) && c[i+1] >= 0 && ctx1[c[i+1]] >= 0 {
			v[opt.Context1+int(ctx1[c[i+1]])]++
		}
		if i > 1 && c[i-1] >= 0 && c[i-2] >= 0 && ctx2[c[i-2]] >= 0 {
			v[2*opt.Context1+int(ctx2[c[i-2]])]++
		}
		if i+2 < len(c) && c[i+1] >= 0 && c[i+2] >= 0 && ctx2[c[i+2]] >= 0 {
			v[2*opt.Context1+opt.Context2+int(ctx2[c[i+2]])]++
		}
	}
	// positive PMI weighting, then unit length
	colSum := make([]float64, dim)
	total := 0.0
	for r := range vocab {
		for j, x := range vec[r*dim : r*dim+dim] {
			colSum[j] += float64(x)
			total += float64(x)
		}
	}
	for r := range vocab {
		v := vec[r*dim : r*dim+dim]
		rs := 0.0
		for _, x := range v {
			rs += float64(x)
		}
		for j, x := range v {
			if x == 0 || rs == 0 {
				continue
			}
			pmi := math.Log(float64(x) * total / (rs * colSum[j]))
			v[j] = float32(max(0, pmi))
		}
		normalize(v)
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x5eed))
	assign := make([][3]uint8, len(vocab))
	all := make([]int32, len(vocab))
	for i := range all {
		all[i] = int32(i)
	}
	var split func(members []int32, level int)
	split = func(members []int32, level int) {
		if level == 3 || ctx.Err() != nil {
			return
		}
		k := opt.K[level]
		lab := kmeans(vec, dim, members, k, opt.Iters, rng)
		groups := make([][]int32, k)
		for i, m := range members {
			assign[m][level] = uint8(lab[i])
			groups[lab[i]] = append(groups[lab[i]], m)
		}
		for _, g := range groups {
			split(g, level+1)
		}
	}
	split(all, 0)
	out := &Clusters{Exact: map[uint64]uint32{}, Lower: map[uint64]uint32{}, Words: len(vocab), LowerPref: cl.lowerPreferred()}
	lowerBest := map[uint64]int32{}
	for r, id := range vocab {
		a := assign[r]
		code := uint32(a[0])<<16 | uint32(a[1])<<8 | uint32(a[2])
		w := cl.words[id]
		out.Exact[hashDigitsNorm(w)] = code
		lh := hashLower(w)
		if prev, ok := lowerBest[lh]; !ok || cl.counts[id] > cl.counts[prev] {
			lowerBest[lh] = id
			out.Lower[lh] = code
		}
	}
	return out
}

// lowerPreferred finds words whose lower-case form is at least 3 times as
// frequent as their capitalised form.
func (cl *clusterLearner) lowerPreferred() map[uint64]bool {
	lowerCount := map[string]int32{}
	for id, w := range cl.words {
		if isLowerWord(w) {
			lowerCount[w] += cl.counts[id]
		}
	}
	out := map[uint64]bool{}
	for id, w := range cl.words {
		r, sz := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) || !isLowerWord(w[sz:]) {
			continue
		}
		lw := strings.ToLower(w)
		if lc := lowerCount[lw]; lc >= 20 && lc >= 3*cl.counts[id] {
			out[hashLower(lw)] = true
		}
	}
	return out
}

// isLowerWord reports whether w is letters (and ' -) with no capitals.
func isLowerWord(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !(unicode.IsLower(r) || r == '\'' || r == '-') {
			return false
		}
	}
	return true
}

func normalize(v []float32) {
	s := 0.0
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	if s == 0 {
		return
	}
	inv := float32(1 / math.Sqrt(s))
	for i := range v {
		v[i] *= inv
	}
}

// kmeans clusters the unit rows of vec listed in members into k groups by
// cosine similarity and returns each member's group.
func kmeans(vec []float32, dim int, members []int32, k, iters int, rng *rand.Rand) []int {
	lab := make([]int, len(members))
	if len(members) <= k {
		for i := range lab {
			lab[i] = i
		}
		return lab
	}
	row := func(m int32) []float32 { return vec[int(m)*dim : int(m)*dim+dim] }
	cent := make([]float32, k*dim)
	// seeds: frequency-ordered members are spread by a random stride
	for c := 0; c < k; c++ {
		m := members[rng.IntN(len(members))]
		copy(cent[c*dim:], row(m))
	}
	for it := 0; it < iters; it++ {
		for i, m := range members {
			v := row(m)
			best, arg := float32(-2), 0
			for c := 0; c < k; c++ {
				if s := dot(v, cent[c*dim:c*dim+dim]); s > best {
					best, arg = s, c
				}
			}
			lab[i] = arg
		}
		clear(cent)
		size := make([]int, k)
		for i, m := range members {
			c := lab[i]
			size[c]++
			cv := cent[c*dim : c*dim+dim]
			for j, x := range row(m) {
				cv[j] += x
			}
		}
		for c := 0; c < k; c++ {
			if size[c] == 0 { // re-seed an empty cluster
				copy(cent[c*dim:], row(members[rng.IntN(len(members))]))
				continue
			}
			normalize(cent[c*dim : c*dim+dim])
		}
	}
	return lab
}

func dot(a, b []float32) float32 {
	s := float32(0)
	b = b[:len(a)]
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

type clusterCache struct {
	Key string
	C   Clusters
}

func readClusterCache(path, key string) (*Clusters, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var cc clusterCache
	if err := gob.NewDecoder(f).Decode(&cc); err != nil {
		return nil, err
	}
	if cc.Key != key {
		return nil, fmt.Errorf("ner: cluster cache %s is for other options", path)
	}
	return &cc.C, nil
}

func writeClusterCache(path, key string, c *Clusters) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := gob.NewEncoder(f).Encode(clusterCache{Key: key, C: *c}); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
