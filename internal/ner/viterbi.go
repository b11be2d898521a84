package ner

// A faster Viterbi for the BIOES label set, giving exactly the results of
// viterbi (the same float32 operations in the same order, the same
// tie-breaking: the first best predecessor in label order wins). It unrolls
// the two kinds of transition the BIOES constraints allow: a label that
// opens or stays outside an entity (O, B-*, S-*) may follow any "closed"
// label (O, E-*, S-*); I-t and E-t only follow B-t or I-t.

// closedLabels are the labels after which an entity may start: O, E-*, S-*,
// in label order (as preds lists them).
var closedLabels = [...]uint8{0, 3, 4, 7, 8, 11, 12, 15, 16}

// openTargets are the labels that follow closed ones: O, B-*, S-*.
var openTargets = [...]uint8{0, 1, 4, 5, 8, 9, 12, 13, 16}

// viterbiTable holds a transition matrix rearranged for viterbiFast.
type viterbiTable struct {
	start [nLabels]float32 // from the sentence start (-Inf where not allowed)
	// closedT[k][j]: from closedLabels[k] to openTargets[j]
	closedT [len(closedLabels)][len(openTargets)]float32
	inner   [nLabels][2]float32 // [I-t or E-t]: from B-t, from I-t
	// the least and greatest transition from each closed label
	rowMin, rowMax [len(closedLabels)]float32
}

func newViterbiTable(trans []float32) *viterbiTable {
	v := &viterbiTable{}
	for y := 0; y < nLabels; y++ {
		v.start[y] = negInf
		if allowed[nLabels][y] {
			v.start[y] = trans[nLabels*nLabels+y]
		}
		if y > 0 {
			b := labelOf(labelType(y), pB)
			v.inner[y] = [2]float32{trans[b*nLabels+y], trans[(b+1)*nLabels+y]}
		}
	}
	for k, p := range closedLabels {
		for j, y := range openTargets {
			v.closedT[k][j] = trans[int(p)*nLabels+int(y)]
		}
	}
	for k, row := range v.closedT {
		v.rowMin[k], v.rowMax[k] = row[0], row[0]
		for _, x := range row {
			v.rowMin[k], v.rowMax[k] = min(v.rowMin[k], x), max(v.rowMax[k], x)
		}
	}
	return v
}

// viterbiFast decodes the integer emission sums acc (n*nLabels) scaled by s
// into out (len n); back is scratch of at least n*nLabels.
func viterbiFast(v *viterbiTable, acc []int32, s float32, back []uint8, out []int) {
	n := len(out)
	if n == 0 {
		return
	}
	_ = acc[n*nLabels-1]
	_ = back[n*nLabels-1]
	var cur, next [nLabels]float32
	for y := 0; y < nLabels; y++ {
		// the explicit conversion rounds the product to float32 (no fused
		// multiply-add), as storing it in viterbi's emission slice does
		cur[y] = float32(float32(acc[y])*s) + v.start[y]
	}
	for i := 1; i < n; i++ {
		e := (*[nLabels]int32)(acc[i*nLabels:])
		bk := (*[nLabels]uint8)(back[i*nLabels:])
		// targets that follow closed labels, all at once per predecessor
		// (each target still sees its predecessors in label order); the
		// first best closed label kb is the one that usually wins them all
		var c [len(closedLabels)]float32
		cmax, kb := cur[closedLabels[0]], 0
		for k, p := range closedLabels {
			c[k] = cur[p]
			if c[k] > cmax { // no NaN: scores are finite or -Inf
				cmax, kb = c[k], k
			}
		}
		// predecessor k cannot win (nor tie) for any target when even its
		// best transition leaves it below kb's worst: rounding is
		// monotonic, so the float comparison is exact
		thr := cmax + v.rowMin[kb]
		alone := true
		for k := range c {
			if k != kb && c[k]+v.rowMax[k] >= thr {
				alone = false
				break
			}
		}
		if alone { // kb wins every target: no comparisons
			tr, from := &v.closedT[kb], closedLabels[kb]
			for j, y := range openTargets {
				next[y] = (cmax + tr[j]) + float32(float32(e[y])*s)
				bk[y] = from
			}
		} else {
			var best [len(openTargets)]float32
			var arg [len(openTargets)]uint8
			for j := range best {
				best[j] = negInf
			}
			for k := range c {
				ck := c[k]
				if ck+v.rowMax[k] < thr {
					continue
				}
				tr := &v.closedT[k]
				for j := range best {
					if sc := ck + tr[j]; sc > best[j] {
						best[j], arg[j] = sc, uint8(k)
					}
				}
			}
			for j, y := range openTargets {
				next[y] = best[j] + float32(float32(e[y])*s)
				bk[y] = closedLabels[arg[j]]
			}
		}
		for b := uint8(1); b < nLabels; b += 4 { // B-t; I-t is b+1, E-t b+2
			for y := b + 1; y <= b+2; y++ {
				// (when both are -Inf the back pointer differs from
				// viterbi's, but no path through a -Inf state is decoded)
				tr := &v.inner[y]
				best, arg := cur[b]+tr[0], b
				if sc := cur[b+1] + tr[1]; sc > best {
					best, arg = sc, b+1
				}
				next[y] = best + float32(float32(e[y])*s)
				bk[y] = arg
			}
		}
		cur = next
	}
	backtrack(&cur, back, out)
}
