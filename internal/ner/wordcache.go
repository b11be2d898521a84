package ner

import (
	"math/bits"
	"slices"
)

// The word cache makes tagging cheaper without changing a single score.
// Most features of a token are functions of the word alone (its hashes,
// shape, affixes, clusters) or of one neighbouring word alone (the previous
// word, the shape of the next one...). News repeats words, within an article
// and across articles, so the sum of the weight rows of these features is
// computed once per distinct word and kept. Weights are integers, so the
// cached partial sums add up to exactly what feature-by-feature addition
// gives, in any order.
//
// A cache belongs to one scratch (one goroutine at a time), so it needs no
// locks; it keeps its words across documents and starts afresh when full.

// Rows of cached partial sums kept per word: the features that look at the
// word itself and those that look at it as the neighbour of another token.
const (
	rowSelf  = iota // bias, word, lower, shape, flags, affixes, clusters
	rowPrev         // as the previous word: tWordPrev, tShapePrev, tClusPrev
	rowNext         // as the next word: tWordNext, tShapeNext, tClusNext
	rowPrev2        // as the word two back: tLowerPrev2
	rowNext2        // as the word two ahead: tLowerNext2
	nWordRows
)

// maxCachedWords bounds a cache's distinct words (about 0.9 KB each for a
// two-pass model): past it, the cache is emptied before the next document.
const maxCachedWords = 8192

// wordEntry is what the cache knows about one word.
type wordEntry struct {
	h              uint64 // hashDigitsNorm of the word
	keyOff, keyLen int32  // the word's bytes in wordCache.arena
	info           tokInfo
	// first gazetteer probe (phrases starting with this word), for a
	// tagger with one phrase set
	gazH  uint64
	gazV  uint32
	gazOK bool
	hits  uint32 // lookups since the entry was added or kept
}

// wordCache maps words to entries and their partial weight sums.
type wordCache struct {
	slots   []int32 // entry index + 1; 0 is empty
	mask    uint64
	entries []wordEntry
	arena   []byte
	rows    []int32 // nWordRows * stride per entry
	misses  int     // words added, for tests and tuning
}

// eqDigitsNorm reports whether a and b are equal once every ASCII digit is
// read as '0': all token features are blind to which digit it is.
func eqDigitsNorm(a []byte, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if x != y && (x < '0' || x > '9' || y < '0' || y > '9') {
			return false
		}
	}
	return true
}

// reserve readies the cache for a document of n more tokens: entry indices
// stay valid until the next reserve.
func (c *wordCache) reserve(n, stride int) {
	if len(c.slots) > 2*maxCachedWords && len(c.entries) > 0 {
		// after a huge document, back to the normal size
		c.entries, c.arena, c.rows, c.slots = c.entries[:0], c.arena[:0], c.rows[:0], nil
	}
	if len(c.entries)+n > maxCachedWords {
		c.evict(stride, maxCachedWords-n)
	}
	need := uint64(2 * (len(c.entries) + n))
	size := uint64(2 * maxCachedWords)
	for size < need {
		size <<= 1
	}
	if uint64(len(c.slots)) >= size {
		return
	}
	c.slots, c.mask = make([]int32, size), size-1
	for i := range c.entries {
		c.place(c.entries[i].h, int32(i))
	}
}

// evict keeps at most keep of the most used entries (none if keep <= 0),
// in their old order, and forgets how often they were used.
func (c *wordCache) evict(stride, keep int) {
	kept := 0
	if keep > 0 {
		// the least hit count that keeps no more than keep entries (at
		// most half the cache, so that evictions stay rare)
		keep = min(keep, maxCachedWords/2)
		var counts [33]int // entries by bit length of hits
		for i := range c.entries {
			counts[bits.Len32(c.entries[i].hits)]++
		}
		minLen, sum := 33, 0
		for l := 32; l >= 1; l-- {
			if sum+counts[l] > keep {
				break
			}
			sum += counts[l]
			minLen = l
		}
		arena := c.arena
		c.arena = make([]byte, 0, cap(arena))
		for i := range c.entries {
			e := c.entries[i]
			if bits.Len32(e.hits) < minLen {
				continue
			}
			key := arena[e.keyOff : e.keyOff+e.keyLen]
			e.keyOff, e.hits = int32(len(c.arena)), 0
			c.arena = append(c.arena, key...)
			c.entries[kept] = e
			copy(c.rows[kept*nWordRows*stride:], c.rows[i*nWordRows*stride:(i+1)*nWordRows*stride])
			kept++
		}
	}
	c.entries, c.rows = c.entries[:kept], c.rows[:kept*nWordRows*stride]
	if kept == 0 {
		c.arena = c.arena[:0]
	}
	clear(c.slots)
	if c.slots != nil {
		for i := range c.entries {
			c.place(c.entries[i].h, int32(i))
		}
	}
}

func (c *wordCache) place(h uint64, idx int32) {
	for i := h & c.mask; ; i = (i + 1) & c.mask {
		if c.slots[i] == 0 {
			c.slots[i] = idx + 1
			return
		}
	}
}

// lookup returns the entry index of w, adding it if it is new.
func (c *wordCache) lookup(t *Tagger, w string) int32 {
	h := hashDigitsNorm(w)
	i := h & c.mask
	for {
		s := c.slots[i]
		if s == 0 {
			break
		}
		e := &c.entries[s-1]
		if e.h == h && eqDigitsNorm(c.arena[e.keyOff:e.keyOff+e.keyLen], w) {
			e.hits++
			return s - 1
		}
		i = (i + 1) & c.mask
	}
	c.misses++
	idx := int32(len(c.entries))
	c.slots[i] = idx + 1
	c.entries = append(c.entries, wordEntry{h: h, keyOff: int32(len(c.arena)), keyLen: int32(len(w))})
	c.arena = append(c.arena, w...)
	e := &c.entries[idx]
	computeInfo(w, &t.res, &e.info)
	if len(t.res.gaz) == 1 && t.res.gaz[0] != nil && len(t.res.gaz[0].m) > 0 {
		e.gazH = phraseStep(phraseSeed, e.info.lower)
		e.gazV, e.gazOK = t.res.gaz[0].get(e.gazH)
	}
	off := len(c.rows)
	c.rows = slices.Grow(c.rows, nWordRows*t.stride)[:off+nWordRows*t.stride]
	t.wordRows(&e.info, c.rows[off:])
	return idx
}

// wordRows fills the nWordRows partial sums of a word with info ti.
func (t *Tagger) wordRows(ti *tokInfo, rows []int32) {
	// the features of each row, rowSelf's last: all looked up before any
	// row is added, so that the cache misses overlap
	var fs [8 + 5 + 2*maxAffix + nClusterLevels]uint64
	f := append(fs[:0],
		feat(tWordPrev, ti.word), feat(tShapePrev, ti.shape), feat(tClusPrev, ti.clus[1]),
		feat(tWordNext, ti.word), feat(tShapeNext, ti.shape), feat(tClusNext, ti.clus[1]),
		feat(tLowerPrev2, ti.lower),
		feat(tLowerNext2, ti.lower),
		feat(tBias, 0),
		feat(tWord, ti.word),
		feat(tLower, ti.lower),
		feat(tShape, ti.shape),
		feat(tFlags, uint64(ti.flags&^flSentStart)),
	)
	capClass := uint64(ti.flags & (flInitCap | flAllCaps))
	for k := 0; k < maxAffix; k++ {
		if ti.pre[k] != 0 {
			f = append(f, feat2(tPre1+uint64(k), ti.pre[k], capClass))
		}
		if ti.suf[k] != 0 {
			f = append(f, feat2(tSuf1+uint64(k), ti.suf[k], capClass))
		}
	}
	if ti.clus[0] != 0 {
		f = append(f, feat(tClus0, ti.clus[0]), feat(tClus1, ti.clus[1]), feat(tClus2, ti.clus[2]))
	}
	var ids [len(fs)]int32
	for i, h := range f {
		ids[i] = t.index.get(h)
	}
	s := t.stride
	if s == 2*nLabels {
		// each row's weight rows, gathered, then summed (at most 16)
		var rs [nWordRows][len(fs)]*[2 * nLabels]int16
		var m [nWordRows]int
		for i, id := range ids[:len(f)] {
			if id >= 0 {
				r := featRow(i)
				rs[r][m[r]] = (*[2 * nLabels]int16)(t.w[int(id)*s:])
				m[r]++
			}
		}
		for r := range rs {
			setSum((*[2 * nLabels]int32)(rows[r*s:]), rs[r][:m[r]])
		}
		return
	}
	clear(rows[:nWordRows*s])
	for i, id := range ids[:len(f)] {
		if id < 0 {
			continue
		}
		r := featRow(i)
		dst := rows[r*s : r*s+s]
		for y, v := range t.w[int(id)*s : int(id)*s+s] {
			dst[y] += int32(v)
		}
	}
}

// setSum sets dst to the lane-by-lane sum of the weight rows rs: with as
// many rows per pass over the lanes as there are, up to four, and no rows
// of zeros (most of a word's rows have one to three).
func setSum(dst *[2 * nLabels]int32, rs []*[2 * nLabels]int16) {
	switch len(rs) {
	case 0:
		clear(dst[:])
		return
	case 1:
		a := rs[0]
		for y := range dst {
			dst[y] = int32(a[y])
		}
		return
	case 2:
		a, b := rs[0], rs[1]
		_, _ = a[0], b[0] // nil checks once
		for y := range dst {
			dst[y] = int32(a[y]) + int32(b[y])
		}
		return
	case 3:
		a, b, c := rs[0], rs[1], rs[2]
		_, _, _ = a[0], b[0], c[0]
		for y := range dst {
			dst[y] = int32(a[y]) + int32(b[y]) + int32(c[y])
		}
		return
	}
	a, b, c, d := rs[0], rs[1], rs[2], rs[3]
	_, _, _, _ = a[0], b[0], c[0], d[0]
	for y := range dst {
		dst[y] = int32(a[y]) + int32(b[y]) + int32(c[y]) + int32(d[y])
	}
	for rs = rs[4:]; len(rs) > 0; rs = rs[min(4, len(rs)):] {
		r := [4]*[2 * nLabels]int16{&zeroRow, &zeroRow, &zeroRow, &zeroRow}
		copy(r[:], rs)
		add4(dst, r[0], r[1], r[2], r[3])
	}
}

// featRow is the row of wordRows' feature i.
func featRow(i int) int {
	switch {
	case i < 3:
		return rowPrev
	case i < 6:
		return rowNext
	case i == 6:
		return rowPrev2
	case i == 7:
		return rowNext2
	}
	return rowSelf
}

// sumRows sets dst (stride long) to the sum of the weight rows of fs.
func (t *Tagger) sumRows(dst []int32, fs []uint64) {
	var ids [8]int32
	clear(dst)
	for len(fs) > 0 {
		m := min(len(fs), len(ids))
		for i, f := range fs[:m] {
			ids[i] = t.index.get(f)
		}
		for _, id := range ids[:m] {
			if id >= 0 {
				for y, v := range t.w[int(id)*t.stride : int(id)*t.stride+t.stride] {
					dst[y] += int32(v)
				}
			}
		}
		fs = fs[m:]
	}
}

// edgeRows are the partial sums for the sentence boundaries, in the layout
// of a word's rows: rowPrev for the token after <s>, rowNext for the token
// before </s>, rowPrev2 and rowNext2 for <s2> and </s2>.
func (t *Tagger) edgeRows() []int32 {
	s := t.stride
	rows := make([]int32, nWordRows*s)
	t.sumRows(rows[rowPrev*s:rowPrev*s+s], []uint64{feat(tWordPrev, hBOS), feat(tShapePrev, hBOS), feat(tClusPrev, hBOS)})
	t.sumRows(rows[rowNext*s:rowNext*s+s], []uint64{feat(tWordNext, hEOS), feat(tShapeNext, hEOS), feat(tClusNext, hEOS)})
	t.sumRows(rows[rowPrev2*s:rowPrev2*s+s], []uint64{feat(tLowerPrev2, hBOS2)})
	t.sumRows(rows[rowNext2*s:rowNext2*s+s], []uint64{feat(tLowerNext2, hEOS2)})
	return rows
}

// flagTable is a small open-addressing map from a 64-bit key to a byte,
// emptied per document: cheaper than a Go map for docInfo's flags.
type flagTable struct {
	keys []uint64
	vals []uint8
	used []bool
	mask uint64
	n    int
}

// reset empties the table and sizes it for up to n keys.
func (f *flagTable) reset(n int) {
	size := uint64(64)
	for size < uint64(2*n) {
		size <<= 1
	}
	if uint64(len(f.keys)) < size || uint64(len(f.keys)) > 4*size && len(f.keys) > 1<<14 {
		f.keys, f.vals, f.used, f.mask = make([]uint64, size), make([]uint8, size), make([]bool, size), size-1
		f.n = 0
		return
	}
	if f.n > 0 {
		clear(f.used)
		f.n = 0
	}
}

// slot returns the index of k, adding it with value 0 if absent.
func (f *flagTable) slot(k uint64) int {
	i := mix64(k) & f.mask
	for {
		if !f.used[i] {
			f.used[i], f.keys[i], f.vals[i] = true, k, 0
			f.n++
			return int(i)
		}
		if f.keys[i] == k {
			return int(i)
		}
		i = (i + 1) & f.mask
	}
}

// docInfoCached is docInfo for a tagger: token infos come from the word
// cache (sc.wid gets each token's entry), gazetteer matches start from the
// cached first probe, and the document flags live in a flagTable. The
// result is identical to docInfo's.
func (t *Tagger) docInfoCached(sc *scratch, sents [][]string, total int) {
	c := &sc.words
	c.reserve(total, t.stride)
	infos, sinfo, wid := sc.infos, sc.sinfo, sc.wid
	res := &t.res
	k := 0
	for si, ws := range sents {
		cased, upper := 0, 0
		title := res.isTitleCase(ws)
		for j, w := range ws {
			if title && j > 0 {
				w = res.truecase(w)
			}
			id := c.lookup(t, w)
			wid[k] = id
			ti := &infos[k]
			*ti = c.entries[id].info
			if j == 0 {
				ti.flags |= flSentStart
			}
			if ti.flags&(flAllCaps|flHasLower) != 0 {
				cased++
				if ti.flags&flAllCaps != 0 && len(w) > 1 {
					upper++
				}
			}
			k++
		}
		sinfo[si].headline = cased >= 2 && upper*10 >= cased*8
	}
	// gazetteer
	cached := len(res.gaz) == 1 && res.gaz[0] != nil && len(res.gaz[0].m) > 0
	k = 0
	for _, ws := range sents {
		seg := infos[k : k+len(ws)]
		if cached {
			matchGazetteerCached(res.gaz[0], seg, wid[k:k+len(ws)], c.entries)
		} else {
			matchGazetteers(res.gaz, seg)
		}
		k += len(ws)
	}
	// document flags
	ft := &sc.flags
	ft.reset(total)
	slot := grow(sc.slot, total)
	sc.slot = slot
	k = 0
	for si, ws := range sents {
		for j := range ws {
			ti := &infos[k+j]
			s := ft.slot(ti.lower)
			slot[k+j] = int32(s)
			switch {
			case ti.flags&flHasLower != 0 && ti.flags&flInitCap == 0:
				ft.vals[s] |= docSeenLower
			case ti.flags&flInitCap != 0 && j > 0 && !sinfo[si].headline && !isAfterQuote(infos, k+j, k):
				ft.vals[s] |= docSeenCapMid
			case ti.flags&flInitCap != 0:
				ft.vals[s] |= docSeenCapStart
			}
		}
		k += len(ws)
	}
	for i := range infos[:k] {
		infos[i].doc = ft.vals[slot[i]]
	}
}

// matchGazetteerCached is matchGazetteers for one phrase set whose first
// probe per word is cached in the word entries (seg[i] is entries[wid[i]]).
// seg's gaz fields must be zero.
func matchGazetteerCached(ps *phraseSet, seg []tokInfo, wid []int32, entries []wordEntry) {
	for i := range seg {
		e := &entries[wid[i]]
		if !e.gazOK {
			continue
		}
		h, v := e.gazH, e.gazV
		for l := 0; ; {
			markGaz(seg, i, l, v)
			if v&gazPrefixed == 0 {
				break
			}
			if l++; l >= maxGazLen || i+l >= len(seg) {
				break
			}
			h = phraseStep(h, seg[i+l].lower)
			var ok bool
			if v, ok = ps.get(h); !ok {
				break
			}
		}
	}
}

// comboCache keeps the summed weight rows of the shapeFeatures and
// placeFeatures of a token by the values they combine (its shape, its
// neighbours' shapes, its document flags and place, compared exactly):
// these repeat far more than words do, so a few thousand entries serve
// almost every token, and one entry (one probe, one row to add) serves
// both groups.
type comboCache struct {
	keys []comboKey
	idx  []int32 // entry + 1; 0 is empty
	rows []int32 // stride per entry
	n    int
	mask uint64
}

// comboKey is the shape of the previous token, of the token and of the
// next one (hBOS, hEOS at the sentence boundaries), then the token's
// document flags | its place (tokenPlace) << 8.
type comboKey [4]uint64

// maxCombos bounds a comboCache; past it the cache starts afresh. News
// shows about 5,000 distinct keys in 2,000 articles.
const maxCombos = 8192

// get returns the summed rows of the features of key k.
func (cc *comboCache) get(t *Tagger, k comboKey) []int32 {
	s := t.stride
	if cc.idx == nil {
		cc.keys, cc.idx, cc.mask = make([]comboKey, 2*maxCombos), make([]int32, 2*maxCombos), 2*maxCombos-1
	}
	i := mix64(k[0]^k[1]*0x9e3779b97f4a7c15^k[2]*0xc2b2ae3d27d4eb4f^k[3]*0x165667b19e3779f9) & cc.mask
	for {
		e := cc.idx[i]
		if e == 0 {
			break
		}
		if cc.keys[i] == k {
			return cc.rows[int(e-1)*s : int(e)*s]
		}
		i = (i + 1) & cc.mask
	}
	if cc.n == maxCombos {
		clear(cc.idx)
		cc.n, cc.rows = 0, cc.rows[:0]
		return cc.get(t, k)
	}
	cc.n++
	cc.keys[i], cc.idx[i] = k, int32(cc.n)
	off := len(cc.rows)
	cc.rows = slices.Grow(cc.rows, s)[:off+s]
	sh, pl := shapeFeatures(k[0], k[1], k[2]), placeFeatures(k[1], k[3]&0xff, k[3]>>8)
	fs := [...]uint64{sh[0], sh[1], sh[2], pl[0], pl[1], pl[2]}
	t.sumRows(cc.rows[off:], fs[:])
	return cc.rows[off:]
}
