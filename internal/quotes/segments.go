package quotes

import "unicode"

// segment is one quotation: the text between an opening and a closing mark.
// A quotation that runs over several paragraphs (an opening mark at the
// start of each, a closing mark only at the end) is one segment.
type segment struct {
	open, close int // token indices of the marks; close is -1 when unterminated
	s, e        int // inner code-point range (without the marks)
	last        int // index of the last token inside the segment (marks included)
	single      bool
}

// role of a quotation mark: +1 opens, -1 closes, 0 undecided.
func markRole(rs []rune, t tok) int {
	switch rs[t.s] {
	case '“', '„', '«', '‟', '‘', '‚', '‹', '`', '〝':
		return +1
	case '”', '»', '’', '›', '〞':
		if t.e-t.s == 2 { // ’’ or ’'
			break
		}
		return -1
	}
	prevOpen := t.s == 0 || openContext(rs[t.s-1])
	nextClose := t.e >= len(rs) || closeContext(rs[t.e])
	switch {
	case prevOpen && !nextClose:
		return +1
	case !prevOpen && nextClose:
		return -1
	}
	return 0
}

func openContext(r rune) bool {
	return unicode.IsSpace(r) || r == '(' || r == '[' || r == '{' || r == '—' || r == '–' || r == '/' || r == '\u00a0'
}

func closeContext(r rune) bool {
	if unicode.IsSpace(r) || r == '\u00a0' {
		return true
	}
	switch r {
	case '.', ',', ';', ':', '!', '?', ')', ']', '}', '—', '–', '-', '…':
		return true
	}
	return false
}

// pairQuotes finds the double-quoted segments, then single-quoted ones
// outside them, and marks every token with the segment it lies in.
func (d *doc) pairQuotes() {
	toks := d.toks
	paraEnd := func(i int) int { // first token index of the next paragraph
		j := i
		for j < len(toks) && toks[j].para == toks[i].para {
			j++
		}
		return j
	}
	openIdx := -1
	skipNext := -1 // token index of a continuation mark to skip
	emit := func(open, close, lastTok int) {
		sg := segment{open: open, close: close, last: lastTok, s: toks[open].e}
		if close >= 0 {
			sg.e = toks[close].s
			sg.last = close
		} else {
			sg.e = toks[lastTok].e
		}
		if sg.e < sg.s {
			sg.e = sg.s
		}
		d.segs = append(d.segs, sg)
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind == tkDQ {
			if i == skipNext {
				skipNext = -1
			} else {
				role := markRole(d.rs, t)
				switch {
				case openIdx < 0:
					if role != -1 {
						openIdx = i
					}
				case role == +1 && d.rs[t.s] != '"' && d.rs[t.s] != '\'':
					// a new curly opening mark while one is open: the
					// earlier quotation was never closed.
					if i-1 > openIdx {
						emit(openIdx, -1, i-1)
					}
					openIdx = i
				default:
					emit(openIdx, i, i)
					openIdx = -1
				}
			}
		}
		// paragraph end with an open quotation
		if openIdx >= 0 && (i+1 == len(toks) || toks[i+1].para != t.para) {
			next := i + 1
			if next < len(toks) && toks[next].kind == tkDQ && markRole(d.rs, toks[next]) != -1 && paraEnd(next) > next+1 {
				skipNext = next // the quotation continues in the next paragraph
			} else {
				emit(openIdx, -1, i)
				openIdx = -1
			}
		}
	}
	for si, sg := range d.segs {
		for k := sg.open; k <= sg.last; k++ {
			toks[k].seg = si
		}
	}
	d.pairSingles()
}

// pairSingles finds ‘single-quoted’ segments outside double quotations:
// an opening mark before a word and a closing mark after one, in the same
// paragraph. Apostrophes inside words never reach here.
func (d *doc) pairSingles() {
	toks := d.toks
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind != tkSQ || t.seg >= 0 {
			continue
		}
		r := d.rs[t.s]
		if r == '’' || r == '›' {
			continue
		}
		if !(t.s == 0 || openContext(d.rs[t.s-1])) || t.e >= len(d.rs) || !isWordRune(d.rs[t.e]) {
			continue
		}
		// find the closing mark
		for j := i + 1; j < len(toks) && toks[j].para == t.para && toks[j].seg < 0 && j-i < 120; j++ {
			c := toks[j]
			if c.kind != tkSQ {
				continue
			}
			cr := d.rs[c.s]
			if cr == '‘' {
				break
			}
			if c.s > 0 && !unicode.IsSpace(d.rs[c.s-1]) && (c.e >= len(d.rs) || closeContext(d.rs[c.e])) {
				d.segs = append(d.segs, segment{open: i, close: j, last: j, s: t.e, e: c.s, single: true})
				for k := i; k <= j; k++ {
					toks[k].seg = len(d.segs) - 1
				}
				i = j
				break
			}
		}
	}
	// keep segments in text order
	sortSegs(d)
}

func sortSegs(d *doc) {
	segs := d.segs
	sorted := true
	for i := 1; i < len(segs); i++ {
		if segs[i].open < segs[i-1].open {
			sorted = false
			break
		}
	}
	if sorted {
		return
	}
	// insertion sort: few segments, nearly sorted
	for i := 1; i < len(segs); i++ {
		for j := i; j > 0 && segs[j].open < segs[j-1].open; j-- {
			segs[j], segs[j-1] = segs[j-1], segs[j]
		}
	}
	for i := range d.toks {
		d.toks[i].seg = -1
	}
	for si, sg := range segs {
		for k := sg.open; k <= sg.last; k++ {
			d.toks[k].seg = si
		}
	}
}
