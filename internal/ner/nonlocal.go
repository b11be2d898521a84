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

// nlStats are per-document counts of first-pass labels by word.
type nlStats struct {
	counts map[uint64]*[nTypes + 1]uint16 // by lower hash: O, then types
	multi  map[uint64]uint8               // types of multi-token entities containing the word
	pool   [][nTypes + 1]uint16
}

func newNLStats() *nlStats {
	return &nlStats{counts: map[uint64]*[nTypes + 1]uint16{}, multi: map[uint64]uint8{}}
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
func (st *nlStats) collect(infos []tokInfo, labels []int) {
	clear(st.counts)
	clear(st.multi)
	st.pool = grow(st.pool, len(infos))
	used := 0
	for i := range infos {
		ti := &infos[i]
		if !isCapitalised(ti) {
			continue
		}
		c, ok := st.counts[ti.lower]
		if !ok {
			c = &st.pool[used]
			*c = [nTypes + 1]uint16{}
			used++
			st.counts[ti.lower] = c
		}
		c[labelClass(labels[i])]++
		if l := labels[i]; l != 0 && labelPrefix(l) != pS {
			st.multi[ti.lower] |= 1 << labelType(l)
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
	return st.docFeatures(ti, l, out)
}

// docFeatures appends the features of token ti (first-pass label l) that
// look at the other occurrences of its word: features without its tS1*
// features.
func (st *nlStats) docFeatures(ti *tokInfo, l int, out []uint64) []uint64 {
	if !isCapitalised(ti) {
		return out
	}
	c := st.counts[ti.lower]
	if c == nil {
		return out
	}
	others := *c
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
	if m := st.multi[ti.lower]; m != 0 {
		out = append(out, feat(tNLInMulti, uint64(m)))
	}
	return out
}
