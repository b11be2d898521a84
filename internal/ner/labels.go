package ner

import "math"

// Labels are BIOES over the four types: 0 is O; label 1+4*t+p is prefix p
// (B, I, E, S) of Types[t].
const (
	nTypes  = 4
	nLabels = 1 + 4*nTypes
	pB      = 0
	pI      = 1
	pE      = 2
	pS      = 3
)

func labelOf(typ, prefix int) int { return 1 + 4*typ + prefix }

func labelType(l int) int   { return (l - 1) / 4 }
func labelPrefix(l int) int { return (l - 1) % 4 }

func typeIndex(t string) int {
	for i, x := range Types {
		if x == t {
			return i
		}
	}
	return -1
}

// labelName is "O" or e.g. "B-PER".
func labelName(l int) string {
	if l == 0 {
		return "O"
	}
	return string("BIES"[labelPrefix(l)]) + "-" + Types[labelType(l)]
}

// allowed[from][to] says whether label to may follow from; row nLabels is
// the sentence start. allowedEnd says whether a label may end a sentence.
var (
	allowed    [nLabels + 1][nLabels]bool
	allowedEnd [nLabels]bool
	// preds[to] lists the labels that may precede to.
	preds [nLabels][]uint8
)

func init() {
	for from := 0; from <= nLabels; from++ {
		for to := 0; to < nLabels; to++ {
			allowed[from][to] = transitionOK(from, to)
			if from < nLabels && allowed[from][to] {
				preds[to] = append(preds[to], uint8(from))
			}
		}
	}
	for l := 0; l < nLabels; l++ {
		allowedEnd[l] = l == 0 || labelPrefix(l) == pE || labelPrefix(l) == pS
	}
}

func transitionOK(from, to int) bool {
	open := from != nLabels && from != 0 && (labelPrefix(from) == pB || labelPrefix(from) == pI)
	if open {
		// inside an entity: continue or end it, same type
		return to != 0 && labelType(to) == labelType(from) && (labelPrefix(to) == pI || labelPrefix(to) == pE)
	}
	return to == 0 || labelPrefix(to) == pB || labelPrefix(to) == pS
}

// spansToLabels converts spans over n tokens to BIOES labels.
func spansToLabels(spans []Span, n int) []int {
	out := make([]int, n)
	for _, s := range spans {
		t := typeIndex(s.Type)
		if t < 0 || s.Start < 0 || s.End > n || s.End <= s.Start {
			continue
		}
		if s.End-s.Start == 1 {
			out[s.Start] = labelOf(t, pS)
			continue
		}
		out[s.Start] = labelOf(t, pB)
		for i := s.Start + 1; i < s.End-1; i++ {
			out[i] = labelOf(t, pI)
		}
		out[s.End-1] = labelOf(t, pE)
	}
	return out
}

// labelsToSpans converts a valid BIOES sequence to spans.
func labelsToSpans(labels []int, offset int, out []Span) []Span {
	start := -1
	for i, l := range labels {
		if l == 0 {
			start = -1
			continue
		}
		switch labelPrefix(l) {
		case pS:
			out = append(out, Span{Type: Types[labelType(l)], Start: offset + i, End: offset + i + 1})
			start = -1
		case pB:
			start = i
		case pE:
			if start >= 0 {
				out = append(out, Span{Type: Types[labelType(l)], Start: offset + start, End: offset + i + 1})
			}
			start = -1
		}
	}
	return out
}

// labelsToIOB2 renders BIOES labels as IOB2 tags.
func labelsToIOB2(labels []int) []string {
	out := make([]string, len(labels))
	for i, l := range labels {
		out[i] = iob2Names[l]
	}
	return out
}

// iob2Names are the IOB2 tags of the labels: O, B- for B and S, I- for I
// and E.
var iob2Names = func() (names [nLabels]string) {
	for l := range names {
		switch {
		case l == 0:
			names[l] = "O"
		case labelPrefix(l) == pB || labelPrefix(l) == pS:
			names[l] = "B-" + Types[labelType(l)]
		default:
			names[l] = "I-" + Types[labelType(l)]
		}
	}
	return names
}()

var negInf = float32(math.Inf(-1))

// backtrack writes to out the label path that ends in the best allowed
// final label of cur, following the back pointers (n*nLabels) of a
// Viterbi pass over len(out) tokens.
func backtrack(cur *[nLabels]float32, back []uint8, out []int) {
	n := len(out)
	best, arg := negInf, 0
	for y := 0; y < nLabels; y++ {
		if allowedEnd[y] && cur[y] > best {
			best, arg = cur[y], y
		}
	}
	out[n-1] = arg
	for i := n - 1; i > 0; i-- {
		arg = int(back[i*nLabels+arg])
		out[i-1] = arg
	}
}

// viterbi finds the best allowed label sequence for n tokens given emission
// scores em (n*nLabels) and transition scores trans ((nLabels+1)*nLabels, the
// last row for the start). back is scratch of at least n*nLabels; the result
// is written to out (len n).
func viterbi(em []float32, trans []float32, n int, back []uint8, out []int) {
	if n == 0 {
		return
	}
	var cur, next [nLabels]float32
	for y := 0; y < nLabels; y++ {
		if allowed[nLabels][y] {
			cur[y] = em[y] + trans[nLabels*nLabels+y]
		} else {
			cur[y] = negInf
		}
	}
	for i := 1; i < n; i++ {
		e := em[i*nLabels : i*nLabels+nLabels]
		bk := back[i*nLabels : i*nLabels+nLabels]
		for y := 0; y < nLabels; y++ {
			best, arg := negInf, 0
			for _, p := range preds[y] {
				if s := cur[p] + trans[int(p)*nLabels+y]; s > best {
					best, arg = s, int(p)
				}
			}
			next[y] = best + e[y]
			bk[y] = uint8(arg)
		}
		cur = next
	}
	backtrack(&cur, back, out[:n])
}
