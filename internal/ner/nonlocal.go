package ner

// Non-local (document-level) features for the second pass: how the first
// pass labelled the other occurrences of a word in the same document, and
// the first-pass labels around the token itself.

const (
	tS1Label = 100 + iota
	tS1Prev
	tS1Next
	tS1PrevCur
	tNLType
	tNLMajority
	tNLInMulti
	tNLOnlyO
	tNLTypeShape
)

// nlStats are per-document counts of first-pass labels by word. collect
// gives each capitalised token its word's entry (word[i]), so that the
// features of a token need no lookup by key.
type nlStats struct {
	words []nlWord
	word  []int32          // entry in words of each token, -1 if none
	byKey map[uint64]int32 // entry by lower-case hash, without slots
	bySlt []int32          // entry + 1 by flag-table slot, with slots
}

// nlWord is what the first pass said about one word of the document.
type nlWord struct {
	counts [nTypes + 1]uint16 // occurrences labelled O, then by type
	multi  uint8              // types of multi-token entities containing the word
}

func newNLStats() *nlStats {
	return &nlStats{byKey: map[uint64]int32{}}
}

func labelClass(l int) int {
	if l == 0 {
		return 0
	}
	return 1 + labelType(l)
}

func isCapitalised(ti *tokInfo) bool { return ti.flags&(flInitCap|flAllCaps) != 0 }

// collect records the first-pass labels of a document (labels aligned with
// infos).
func (st *nlStats) collect(infos []tokInfo, labels []int) { st.collectSlots(infos, labels, nil, 0) }

// collectSlots is collect with each token's slot in a table of nslots
// where equal words, and only equal words, share a slot (docInfoCached's
// flag table): arrays instead of a map.
func (st *nlStats) collectSlots(infos []tokInfo, labels []int, slots []int32, nslots int) {
	st.words = st.words[:0]
	st.word = grow(st.word, len(infos))
	if slots != nil {
		st.bySlt = grow(st.bySlt, nslots)
		clear(st.bySlt)
	} else {
		clear(st.byKey)
	}
	for i := range infos {
		ti := &infos[i]
		st.word[i] = -1
		if !isCapitalised(ti) {
			continue
		}
		var w int32
		if slots != nil {
			w = st.bySlt[slots[i]] - 1
			if w < 0 {
				w = int32(len(st.words))
				st.words = append(st.words, nlWord{})
				st.bySlt[slots[i]] = w + 1
			}
		} else {
			var ok bool
			if w, ok = st.byKey[ti.lower]; !ok {
				w = int32(len(st.words))
				st.words = append(st.words, nlWord{})
				st.byKey[ti.lower] = w
			}
		}
		st.word[i] = w
		nw := &st.words[w]
		nw.counts[labelClass(labels[i])]++
		if l := labels[i]; l != 0 && labelPrefix(l) != pS {
			nw.multi |= 1 << labelType(l)
		}
	}
}

// features appends the second-pass features of token i of a sentence that
// starts at doc offset off, to out.
func (st *nlStats) features(infos []tokInfo, labels []int, sentStart, sentEnd, i int, out []uint64) []uint64 {
	ti := &infos[i]
	l := labels[i]
	pl, nl := nLabels, nLabels
	if i > sentStart {
		pl = labels[i-1]
	}
	if i+1 < sentEnd {
		nl = labels[i+1]
	}
	out = append(out,
		feat(tS1Label, uint64(l)),
		feat(tS1Prev, uint64(pl)),
		feat(tS1Next, uint64(nl)),
		feat2(tS1PrevCur, uint64(pl), uint64(l)),
	)
	return st.docFeatures(ti, i, l, out)
}

// docFeatures appends the features of token ti, the document's token i
// (first-pass label l), that look at the other occurrences of its word:
// features without its tS1* features.
func (st *nlStats) docFeatures(ti *tokInfo, i, l int, out []uint64) []uint64 {
	w := st.word[i]
	if w < 0 { // not capitalised
		return out
	}
	nw := &st.words[w]
	others := nw.counts
	others[labelClass(l)]-- // exclude this occurrence
	total, best, arg := 0, uint16(0), -1
	for k, v := range others {
		total += int(v)
		if v > best {
			best, arg = v, k
		}
	}
	if total == 0 {
		return out
	}
	for k := 1; k <= nTypes; k++ {
		if others[k] > 0 {
			out = append(out, feat(tNLType, uint64(k)), feat2(tNLTypeShape, uint64(k), ti.shape))
		}
	}
	out = append(out, feat(tNLMajority, uint64(arg)))
	if others[0] == uint16(total) {
		out = append(out, feat(tNLOnlyO, 1))
	}
	if m := nw.multi; m != 0 {
		out = append(out, feat(tNLInMulti, uint64(m)))
	}
	return out
}
