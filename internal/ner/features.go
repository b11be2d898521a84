package ner

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token flags.
const (
	flInitCap = 1 << iota
	flAllCaps
	flHasDigit
	flAllDigit
	flHasHyphen
	flHasPeriod
	flPunct
	flHasLower
	flSentStart // first token of its sentence (set by docInfo)
)

// Document-level flags of a word's lower-cased form.
const (
	docSeenLower    = 1 << iota // written all lower-case somewhere
	docSeenCapMid               // capitalised mid-sentence in a normal-case sentence
	docSeenCapStart             // capitalised at a sentence start or in a headline
)

const (
	nClusterLevels = 3
	maxAffix       = 4
)

// tokInfo holds the hashed per-token values that features combine.
type tokInfo struct {
	word, lower, shape uint64
	pre, suf           [maxAffix]uint64
	clus               [nClusterLevels]uint64
	flags              uint32
	gaz                uint32
	doc                uint8
	// aggregated contexts of the word's other occurrences in the document:
	// agg[aggStart:aggEnd] of the document's context buffer
	aggStart, aggEnd int32
}

// resources are the lexical resources features consult.
type resources struct {
	clusters *clusterTable
	gaz      []*phraseSet
	// lowerPref: lower-case hashes of words normally written in lower case
	lowerPref *featTable
}

// truecase returns the word to use for w in a title-case sentence: its
// lower-case form if that is how the word is normally written.
func (r *resources) truecase(w string) string {
	if r.lowerPref == nil {
		return w
	}
	c, sz := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(c) || !isLowerWord(w[sz:]) || r.lowerPref.get(hashLower(w)) < 0 {
		return w
	}
	return strings.ToLower(w)
}

// isTitleCase reports whether a sentence is a title-case headline ("Trump
// Says He Will Meet Kim in Singapore"): after the first word no lower-case
// word other than short function words, and at least two capitalised words,
// two fifths of them, that are normally written in lower case. Lists of
// names ("Steve Brown ( U.S. )") do not qualify.
func (r *resources) isTitleCase(ws []string) bool {
	if r.lowerPref == nil {
		return false
	}
	title, ordinary := 0, 0
	for _, w := range ws[min(1, len(ws)):] {
		c, sz := utf8.DecodeRuneInString(w)
		switch {
		case unicode.IsUpper(c):
			if isLowerWord(w[sz:]) {
				title++
				if r.lowerPref.get(hashLower(w)) >= 0 {
					ordinary++
				}
			}
		case unicode.IsLower(c):
			if _, ok := headlineFunctionWords[w]; !ok {
				return false
			}
		}
	}
	return ordinary >= 2 && ordinary*5 >= title*2
}

// headlineFunctionWords stay lower case in AP-style title-case headlines.
var headlineFunctionWords = map[string]struct{}{
	"a": {}, "an": {}, "the": {}, "and": {}, "or": {}, "but": {}, "nor": {}, "for": {}, "of": {}, "on": {},
	"in": {}, "to": {}, "at": {}, "by": {}, "as": {}, "vs": {}, "vs.": {}, "up": {}, "with": {}, "from": {},
	"into": {}, "over": {}, "off": {}, "out": {}, "per": {}, "via": {}, "'s": {},
}

// sentenceInfo is per-sentence context.
type sentenceInfo struct {
	headline bool // every cased word is upper case
}

// computeInfo fills info for one token.
func computeInfo(w string, res *resources, ti *tokInfo) {
	ti.word = hashDigitsNorm(w)
	ti.lower = hashLower(w)
	var flags uint32
	nUpper, nLower, nDigit, nLetter, nRunes := 0, 0, 0, 0, 0
	var shape [8]byte
	ns := 0
	var last byte
	for i, r := range w {
		nRunes++
		var c byte
		switch {
		case unicode.IsUpper(r):
			nUpper++
			nLetter++
			c = 'X'
			if i == 0 {
				flags |= flInitCap
			}
		case unicode.IsLower(r):
			nLower++
			nLetter++
			c = 'x'
		case r >= '0' && r <= '9':
			nDigit++
			c = 'd'
		case unicode.IsLetter(r):
			nLetter++
			c = 'L'
		case r == '-':
			flags |= flHasHyphen
			c = '-'
		case r == '.':
			flags |= flHasPeriod
			c = '.'
		case r < utf8.RuneSelf:
			c = byte(r)
		default:
			c = '*'
		}
		if c != last && ns < len(shape) {
			shape[ns] = c
			ns++
		}
		last = c
	}
	if nLetter > 0 && nLower == 0 && nUpper > 0 {
		flags |= flAllCaps
	}
	if nLower > 0 {
		flags |= flHasLower
	}
	if nDigit > 0 {
		flags |= flHasDigit
		if nDigit == nRunes {
			flags |= flAllDigit
		}
	}
	if nLetter == 0 && nDigit == 0 {
		flags |= flPunct
	}
	ti.flags = flags
	ti.shape = hashString(string(shape[:ns]))
	// affixes over runes
	ti.pre, ti.suf = [maxAffix]uint64{}, [maxAffix]uint64{}
	if nRunes > 1 && flags&flPunct == 0 {
		i, k := 0, 0
		for k < maxAffix && i < len(w) {
			_, sz := utf8.DecodeRuneInString(w[i:])
			i += sz
			k++
			if k < nRunes {
				ti.pre[k-1] = hashLower(w[:i])
			}
		}
		j, k := len(w), 0
		for k < maxAffix && j > 0 {
			_, sz := utf8.DecodeLastRuneInString(w[:j])
			j -= sz
			k++
			if k < nRunes {
				ti.suf[k-1] = hashLower(w[j:])
			}
		}
	}
	ti.clus = [nClusterLevels]uint64{}
	if res.clusters != nil {
		if c, ok := res.clusters.lookup(ti.word, ti.lower); ok {
			ti.clus[0] = uint64(c>>16) + 1
			ti.clus[1] = uint64(c>>8) + 1
			ti.clus[2] = uint64(c) + 1
		}
	}
}

// docInfo computes token infos, gazetteer matches and document flags for a
// document given as sentences of (normalised) words. infos is indexed like
// the concatenated words.
func docInfo(sents [][]string, res *resources, infos []tokInfo, sinfo []sentenceInfo, docFlags map[uint64]uint8) {
	k := 0
	for si, ws := range sents {
		cased, upper := 0, 0
		title := res.isTitleCase(ws)
		for j, w := range ws {
			ti := &infos[k]
			if title && j > 0 {
				w = res.truecase(w)
			}
			computeInfo(w, res, ti)
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
	k = 0
	for _, ws := range sents {
		seg := infos[k : k+len(ws)]
		matchGazetteers(res.gaz, seg)
		k += len(ws)
	}
	// document flags
	clear(docFlags)
	k = 0
	for si, ws := range sents {
		for j := range ws {
			ti := &infos[k+j]
			switch {
			case ti.flags&flHasLower != 0 && ti.flags&flInitCap == 0:
				docFlags[ti.lower] |= docSeenLower
			case ti.flags&flInitCap != 0 && j > 0 && !sinfo[si].headline && !isAfterQuote(infos, k+j, k):
				docFlags[ti.lower] |= docSeenCapMid
			case ti.flags&flInitCap != 0:
				docFlags[ti.lower] |= docSeenCapStart
			}
		}
		k += len(ws)
	}
	for i := range infos[:k] {
		infos[i].doc = docFlags[infos[i].lower]
	}
}

// isAfterQuote reports whether token i follows punctuation that can start a
// clause (quotes, colon), where capitals are not evidence of a name.
func isAfterQuote(infos []tokInfo, i, sentStart int) bool {
	return i > sentStart && infos[i-1].flags&flPunct != 0
}

// Feature template ids.
const (
	tBias = iota + 1
	tWord
	tLower
	tShape
	tPre1
	tPre2
	tPre3
	tPre4
	tSuf1
	tSuf2
	tSuf3
	tSuf4
	tWordPrev
	tWordNext
	tLowerPrev2
	tLowerNext2
	tShapePrev
	tShapeNext
	tShapePrevCur
	tShapeCurNext
	tShape3
	tLowerPrevCur
	tLowerCurNext
	tLowerPrevShape
	tShapeLowerNext
	tFlags
	tPosShape
	tHeadlineShape
	tHeadlineLower
	tClus0
	tClus1
	tClus2
	tClusPrev
	tClusNext
	tClusPrevNext
	tGaz
	tGazCap
	tGazPrev
	tGazNext
	tDoc
	tDocShape
	tPrevLowerNextLower
	tAggPrev
	tAggNext
)

var (
	hBOS  = hashString("<s>")
	hEOS  = hashString("</s>")
	hBOS2 = hashString("<s2>")
	hEOS2 = hashString("</s2>")
)

// sentenceFeatures appends the feature hashes of each token of one sentence
// to out and records per-token end offsets in ends (len(ends) == len(seg)).
func sentenceFeatures(seg []tokInfo, si sentenceInfo, agg []uint64, out []uint64, ends []int32) []uint64 {
	n := len(seg)
	var hl uint64
	if si.headline {
		hl = 1
	}
	for i := range seg {
		t := &seg[i]
		pw, pl, ps, pc := hBOS, hBOS, hBOS, hBOS
		nw, nl, ns, nc := hEOS, hEOS, hEOS, hEOS
		pl2, nl2 := hBOS2, hEOS2
		var pg, ng uint32
		if i > 0 {
			p := &seg[i-1]
			pw, pl, ps, pc, pg = p.word, p.lower, p.shape, p.clus[1], p.gaz
		}
		if i > 1 {
			pl2 = seg[i-2].lower
		}
		if i+1 < n {
			x := &seg[i+1]
			nw, nl, ns, nc, ng = x.word, x.lower, x.shape, x.clus[1], x.gaz
		}
		if i+2 < n {
			nl2 = seg[i+2].lower
		}
		pos := uint64(2)
		if i == 0 {
			pos = 0
		} else if seg[i-1].flags&flPunct != 0 {
			pos = 1
		}
		out = append(out,
			feat(tBias, 0),
			feat(tWord, t.word),
			feat(tLower, t.lower),
			feat(tShape, t.shape),
			feat(tWordPrev, pw),
			feat(tWordNext, nw),
			feat(tLowerPrev2, pl2),
			feat(tLowerNext2, nl2),
			feat(tShapePrev, ps),
			feat(tShapeNext, ns),
			feat2(tShapePrevCur, ps, t.shape),
			feat2(tShapeCurNext, t.shape, ns),
			feat3(tShape3, ps, t.shape, ns),
			feat2(tLowerPrevCur, pl, t.lower),
			feat2(tLowerCurNext, t.lower, nl),
			feat2(tLowerPrevShape, pl, t.shape),
			feat2(tShapeLowerNext, t.shape, nl),
			feat2(tPrevLowerNextLower, pl, nl),
			feat(tFlags, uint64(t.flags&^flSentStart)),
			feat3(tPosShape, pos, hl, t.shape),
			feat2(tDoc, uint64(t.doc), pos|hl<<2),
			feat3(tDocShape, uint64(t.doc), t.shape, pos|hl<<2),
		)
		if si.headline {
			out = append(out, feat(tHeadlineLower, t.lower), feat(tHeadlineShape, t.shape))
		}
		// affixes are lower-cased but kept apart by capitalisation: "-ant"
		// of a capitalised word says little about "-ant" of a common noun
		capClass := uint64(t.flags & (flInitCap | flAllCaps))
		for k := 0; k < maxAffix; k++ {
			if t.pre[k] != 0 {
				out = append(out, feat2(tPre1+uint64(k), t.pre[k], capClass))
			}
			if t.suf[k] != 0 {
				out = append(out, feat2(tSuf1+uint64(k), t.suf[k], capClass))
			}
		}
		if t.clus[0] != 0 {
			out = append(out, feat(tClus0, t.clus[0]), feat(tClus1, t.clus[1]), feat(tClus2, t.clus[2]))
		}
		out = append(out, feat(tClusPrev, pc), feat(tClusNext, nc), feat2(tClusPrevNext, pc, nc))
		out = appendGazAgg(out, t, agg, pg, ng)
		ends[i] = int32(len(out))
	}
	return out
}

func trailingZeros32(x uint32) int {
	n := 0
	for x&1 == 0 {
		x >>= 1
		n++
	}
	return n
}

// maxAggOccurrences bounds the other occurrences whose contexts a token
// aggregates, and maxAgg the distinct context hashes it keeps.
const (
	maxAggOccurrences = 12
	maxAgg            = 16
)

// appendGazAgg appends token t's gazetteer features (pg and ng: its
// neighbours' gazetteer bits) and its aggregated document contexts: the
// tail both sentenceFeatures and contextFeatures end each token with.
func appendGazAgg(out []uint64, t *tokInfo, agg []uint64, pg, ng uint32) []uint64 {
	for g := t.gaz; g != 0; g &= g - 1 {
		b := uint64(trailingZeros32(g))
		out = append(out, feat(tGaz, b), feat2(tGazCap, b, uint64(t.flags&(flInitCap|flAllCaps))))
	}
	if t.aggEnd > t.aggStart {
		out = append(out, agg[t.aggStart:t.aggEnd]...)
	}
	for g := pg; g != 0; g &= g - 1 {
		out = append(out, feat(tGazPrev, uint64(trailingZeros32(g))))
	}
	for g := ng; g != 0; g &= g - 1 {
		out = append(out, feat(tGazNext, uint64(trailingZeros32(g))))
	}
	return out
}

// aggregateContexts fills each capitalised token's aggregated contexts: the
// words before and after the other occurrences of the same word in the
// document (Ratinov & Roth 2009). It returns the context buffer.
func aggregateContexts(sents [][]string, infos []tokInfo, occ *occIndex, buf []uint64) []uint64 {
	occ.build(infos)
	return appendContexts(infos, occ, buf)
}

// appendContexts is aggregateContexts after occ is built.
func appendContexts(infos []tokInfo, occ *occIndex, buf []uint64) []uint64 {
	buf = buf[:0]
	for i := range infos {
		ti := &infos[i]
		ti.aggStart, ti.aggEnd = 0, 0
		if !aggregated(ti) || occ.count[i] < 2 {
			continue
		}
		ti.aggStart = int32(len(buf))
		seen := 0
		for o := occ.first[i]; o >= 0; o = occ.next[o] {
			if int(o) == i {
				continue
			}
			if seen++; seen > maxAggOccurrences {
				break
			}
			p, n := hBOS, hEOS
			if infos[o].flags&flSentStart == 0 {
				p = infos[o-1].lower
			}
			if int(o)+1 < len(infos) && infos[o+1].flags&flSentStart == 0 {
				n = infos[o+1].lower
			}
			buf = addUnique(buf, int(ti.aggStart), feat(tAggPrev, p))
			buf = addUnique(buf, int(ti.aggStart), feat(tAggNext, n))
			if len(buf)-int(ti.aggStart) >= maxAgg {
				break
			}
		}
		ti.aggEnd = int32(len(buf))
	}
	return buf
}

func aggregated(ti *tokInfo) bool {
	return ti.flags&(flInitCap|flAllCaps) != 0 && ti.flags&flPunct == 0
}

// occIndex links the occurrences of each capitalised word in a document:
// first[i] is the word's first occurrence, next[j] the one after j (-1 at
// the end), count[i] how many there are.
type occIndex struct {
	head        map[uint64]int32
	first, next []int32
	count       []int32
	last        map[uint64]int32
	// with slots (see buildSlots): first and last occurrence + 1 by slot
	headS, lastS []int32
}

func newOccIndex() *occIndex {
	return &occIndex{head: map[uint64]int32{}, last: map[uint64]int32{}}
}

func (x *occIndex) build(infos []tokInfo) { x.buildSlots(infos, nil, 0) }

// buildSlots is build with each token's slot in a table of nslots where
// equal words, and only equal words, share a slot (docInfoCached's flag
// table): arrays instead of maps.
func (x *occIndex) buildSlots(infos []tokInfo, slots []int32, nslots int) {
	if slots != nil {
		x.headS, x.lastS = grow(x.headS, nslots), grow(x.lastS, nslots)
		clear(x.lastS)
	} else {
		clear(x.head)
		clear(x.last)
	}
	n := len(infos)
	x.first, x.next, x.count = grow(x.first, n), grow(x.next, n), grow(x.count, n)
	for i := range infos {
		x.next[i], x.first[i], x.count[i] = -1, -1, 0
		if !aggregated(&infos[i]) {
			continue
		}
		if slots != nil {
			s := slots[i]
			if l := x.lastS[s] - 1; l >= 0 {
				x.next[l] = int32(i)
				x.first[i] = x.headS[s]
			} else {
				x.headS[s] = int32(i)
				x.first[i] = int32(i)
			}
			x.lastS[s] = int32(i) + 1
		} else {
			h := infos[i].lower
			if l, ok := x.last[h]; ok {
				x.next[l] = int32(i)
				x.first[i] = x.head[h]
			} else {
				x.head[h] = int32(i)
				x.first[i] = int32(i)
			}
			x.last[h] = int32(i)
		}
		x.count[x.first[i]]++
	}
	for i := range infos {
		if x.first[i] >= 0 {
			x.count[i] = x.count[x.first[i]]
		}
	}
}

func addUnique(buf []uint64, from int, h uint64) []uint64 {
	for _, x := range buf[from:] {
		if x == h {
			return buf
		}
	}
	return append(buf, h)
}

// contextFeatures appends, like sentenceFeatures, the feature hashes of each
// token of one sentence, leaving out those a wordCache sums per word (the
// rowSelf ... rowNext2 features) and those of shapeFeatures and
// placeFeatures, which a comboCache sums: all of them together are exactly
// sentenceFeatures' list. TestFastPathMatchesReference holds them together.
func contextFeatures(seg []tokInfo, si sentenceInfo, agg []uint64, out []uint64, ends []int32) []uint64 {
	n := len(seg)
	for i := range seg {
		t := &seg[i]
		pl, pc := hBOS, hBOS
		nl, nc := hEOS, hEOS
		var pg, ng uint32
		if i > 0 {
			p := &seg[i-1]
			pl, pc, pg = p.lower, p.clus[1], p.gaz
		}
		if i+1 < n {
			x := &seg[i+1]
			nl, nc, ng = x.lower, x.clus[1], x.gaz
		}
		out = append(out,
			feat2(tLowerPrevCur, pl, t.lower),
			feat2(tLowerCurNext, t.lower, nl),
			feat2(tLowerPrevShape, pl, t.shape),
			feat2(tShapeLowerNext, t.shape, nl),
			feat2(tPrevLowerNextLower, pl, nl),
			feat2(tClusPrevNext, pc, nc),
		)
		if si.headline {
			out = append(out, feat(tHeadlineLower, t.lower), feat(tHeadlineShape, t.shape))
		}
		out = appendGazAgg(out, t, agg, pg, ng)
		ends[i] = int32(len(out))
	}
	return out
}

// tokenPlace returns what tPosShape and tDoc see of token i's place in its
// sentence: 0 first, 1 after punctuation, 2 elsewhere; plus 4 in a
// headline.
func tokenPlace(seg []tokInfo, i int, headline bool) uint64 {
	pos := uint64(2)
	if i == 0 {
		pos = 0
	} else if seg[i-1].flags&flPunct != 0 {
		pos = 1
	}
	if headline {
		pos |= 4
	}
	return pos
}

// shapeFeatures are the features of a token's shape with its neighbours'
// shapes ps and ns (hBOS, hEOS at the sentence boundaries).
func shapeFeatures(ps, s, ns uint64) [3]uint64 {
	return [3]uint64{feat2(tShapePrevCur, ps, s), feat2(tShapeCurNext, s, ns), feat3(tShape3, ps, s, ns)}
}

// placeFeatures are the features of a token's shape s with its document
// flags doc and place (tokenPlace).
func placeFeatures(s, doc, place uint64) [3]uint64 {
	pos, hl := place&3, place>>2
	return [3]uint64{feat3(tPosShape, pos, hl, s), feat2(tDoc, doc, place), feat3(tDocShape, doc, s, place)}
}
