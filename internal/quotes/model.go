package quotes

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/newsfind/newsfind/data"
)

// CueModel is a learned cue lexicon for the attributions the curated cue
// verbs miss: beliefs, intentions, stances and reports such as "endorsed
// Clinton", "declined to comment", "accused him of …", "is expected to …".
// For a word in a context (the token before it and the token after it, as
// coarse classes) it holds how often the word headed an annotated cue and
// how often it occurred, and how often the annotated content started
// before the cue ("Obama is expected to join …" reports "Obama … join …").
// Train builds one from annotated text; the default one is embedded from
// data/models/quotes.tsv.gz.
type CueModel struct {
	// words holds the counts of each word and, under stemPrefix + stem,
	// of all the words of a stem together.
	words map[string]*wordModel
	// cues holds the words that pass wordFloor, the only ones the
	// extractor looks up (a smaller map is faster to probe); stemCues
	// likewise the stems, by stem.
	cues, stemCues map[string]*wordModel
	// hasCue and hasStem hold the keys of cues and stemCues (set by index)
	hasCue, hasStem wordFilter
}

// stemPrefix marks a stem's counts in words and in the model file (no
// word token contains it).
const stemPrefix = "~"

// index builds m.cues and m.stemCues; the model is read-only afterwards.
func (m *CueModel) index() *CueModel {
	m.cues = make(map[string]*wordModel)
	m.stemCues = make(map[string]*wordModel)
	for w, wm := range m.words {
		if wm.prob() < wordFloor {
			continue
		}
		if st, ok := strings.CutPrefix(w, stemPrefix); ok {
			m.stemCues[st] = wm
			m.hasStem.add(st)
		} else {
			m.cues[w] = wm
			m.hasCue.add(w)
		}
	}
	return m
}

// stemOf returns the stem of a lower-case word, a prefix of it shared by
// its inflections: "acknowledges", "acknowledged", "acknowledging" and
// "acknowledge" are all "acknowledg"; "worries", "worried", "worry" are
// "worr". Words too short to inflect are their own stem.
func stemOf(w string) string {
	n := len(w)
	doubled := false // a suffix that doubles a final consonant: bragging, bragged
	switch {
	case n > 5 && strings.HasSuffix(w, "ing"):
		n, doubled = n-3, true
	case n > 4 && (strings.HasSuffix(w, "ies") || strings.HasSuffix(w, "ied")):
		n -= 3
	case n > 4 && strings.HasSuffix(w, "ed"):
		n, doubled = n-2, true
	case n > 4 && strings.HasSuffix(w, "es"):
		n -= 2
	case n > 3 && w[n-1] == 's' && w[n-2] != 's':
		n--
	}
	switch {
	case n > 3 && (w[n-1] == 'e' || w[n-1] == 'y'):
		n--
	case doubled && n > 3 && w[n-1] == w[n-2] && w[n-1] != 'l' && w[n-1] != 's' && w[n-1] != 'z':
		n--
	}
	return w[:n]
}

// wordModel holds the counts of one word: over all its occurrences, by
// the class of the next token, and by the classes of both neighbours.
type wordModel struct {
	all  cueCount
	next [len(nextClasses)]cueCount
	both map[uint16]cueCount // prev*len(nextClasses)+next
}

// cueCount is what the model knows about one word in one context; a
// context the model does not hold has Total 0.
type cueCount struct {
	Cues   int // times the word headed a gold cue
	Total  int // times the word occurred as a candidate
	Before int // of Cues, times the content started before the cue
}

// The coarse context classes, by name as the model file spells them.
var (
	prevClasses = []string{"^", "q", ",", ".", "det", "be", "to", "rel", "aux", "pron", "cap", "fn", "w"}
	nextClasses = [...]string{"$", "q", ",", ":", ".", "that", "to", "of", "for", "about", "as", "on", "by", "with", "in", "wh", "det", "pron", "cap", "fn", "w"}
)

func classIndex(names []string, name string) int {
	for i, n := range names {
		if n == name {
			return i
		}
	}
	return -1
}

// class ids, in the order of prevClasses and nextClasses.
const (
	pStart = iota
	pQuote
	pComma
	pPunct
	pDet
	pBe
	pTo
	pRel
	pAux
	pPron
	pCap
	pFn
	pWord
)

const (
	nEnd = iota
	nQuote
	nComma
	nColon
	nPunct
	// 5 … 14: the words of nWords
	nWh = iota + 10
	nDet
	nPron
	nCap
	nFn
	nWord
)

var (
	nWords  = map[string]int{"that": 5, "to": 6, "of": 7, "for": 8, "about": 9, "as": 10, "on": 11, "by": 12, "with": 13, "in": 14}
	whWords = set("whether", "if", "how", "what", "why", "when", "where", "who")
)

func bothKey(p, n int) uint16 { return uint16(p*len(nextClasses) + n) }

func (m *CueModel) word(w string) *wordModel {
	wm := m.words[w]
	if wm == nil {
		wm = &wordModel{both: map[uint16]cueCount{}}
		m.words[w] = wm
	}
	return wm
}

// wordFloor is the least probability of being a cue, over all its
// occurrences, that a word needs before its contexts are looked at; it
// keeps "she used a private server" from being an attribution ("used"
// heads a cue 16 times in 126). Chosen by cross-validation with the
// speaker-dependent thresholds of learned.go (0.15 before them): lower
// lets in verbs that are mostly nouns ("support", "plans") in the
// contexts where they are cues.
const wordFloor = 0.13

// smoothing: each level of the back-off chain (word → word+next →
// word+prev+next) is estimated with this many pseudo-counts of the level
// above.
const (
	modelPrior     = 0.01
	modelSmoothing = 2.0
)

// cueWord returns what the model knows about the word w, or nil when it
// does not know it or w is mostly not a cue ("used", "made": no context
// redeems those).
func (m *CueModel) cueWord(w string) *wordModel {
	if m == nil {
		return nil
	}
	if m.hasCue.mayHave(w) {
		if wm := m.cues[w]; wm != nil {
			return wm
		}
	}
	// a form too rare to have counts of its own ("acknowledges") takes its
	// stem's; a word with counts that fail the floor stays out
	if n := len(w); n < 4 || w[n-1] != 's' && w[n-1] != 'd' && w[n-1] != 'g' && w[n-1] != 'e' && w[n-1] != 'y' {
		return nil // no inflection to strip
	}
	if st := stemOf(w); len(st) < len(w) && len(m.stemCues) > 0 && m.hasStem.mayHave(st) {
		if sm := m.stemCues[st]; sm != nil && m.words[w] == nil {
			return sm
		}
	}
	return nil
}

func (wm *wordModel) prob() float64 {
	return (float64(wm.all.Cues) + modelSmoothing*modelPrior) / (float64(wm.all.Total) + modelSmoothing)
}

// score returns the probability that the word heads a cue between
// context classes p and n, and the probability that its content starts
// before it.
func (wm *wordModel) score(p, n int) (prob, before float64) {
	pw := wm.prob()
	bw := (float64(wm.all.Before) + 0.5) / (float64(wm.all.Cues) + 1)
	pn, bn := pw, bw
	if c := wm.next[n]; c.Total > 0 {
		pn = (float64(c.Cues) + modelSmoothing*pw) / (float64(c.Total) + modelSmoothing)
		bn = (float64(c.Before) + modelSmoothing*bw) / (float64(c.Cues) + modelSmoothing)
	}
	pp, bp := pn, bn
	if c, ok := wm.both[bothKey(p, n)]; ok {
		pp = (float64(c.Cues) + modelSmoothing*pn) / (float64(c.Total) + modelSmoothing)
		bp = (float64(c.Before) + modelSmoothing*bn) / (float64(c.Cues) + modelSmoothing)
	}
	return pp, bp
}

// Len returns the number of (word, context) entries in the model.
func (m *CueModel) Len() int {
	n := 0
	for _, wm := range m.words {
		n++
		for _, c := range wm.next {
			if c.Total > 0 {
				n++
			}
		}
		n += len(wm.both)
	}
	return n
}

// modelHeader opens every model file; the version changes when the
// context classes do.
const modelHeader = "# newsfind quote cue model v1\tword\tprev\tnext\tcues\ttotal\tbefore"

// WriteTo writes the model as TSV, one key a line, sorted, so that
// training twice gives the same bytes.
func (m *CueModel) WriteTo(w io.Writer) (int64, error) {
	var lines []string
	line := func(w, p, n string, c cueCount) {
		lines = append(lines, fmt.Sprintf("%s\t%s\t%s\t%d\t%d\t%d\n", w, p, n, c.Cues, c.Total, c.Before))
	}
	for word, wm := range m.words {
		line(word, "*", "*", wm.all)
		for n, c := range wm.next {
			if c.Total > 0 {
				line(word, "*", nextClasses[n], c)
			}
		}
		for k, c := range wm.both {
			line(word, prevClasses[int(k)/len(nextClasses)], nextClasses[int(k)%len(nextClasses)], c)
		}
	}
	sort.Strings(lines)
	bw := bufio.NewWriter(w)
	var n int64
	c, _ := fmt.Fprintln(bw, modelHeader)
	n += int64(c)
	for _, l := range lines {
		c, _ := bw.WriteString(l)
		n += int64(c)
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("quotes: write cue model: %w", err)
	}
	return n, nil
}

// Save writes the model to path, gzip-compressed when the name ends in
// .gz.
func (m *CueModel) Save(path string) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("quotes: save cue model: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("quotes: save cue model: %w", cerr)
		}
	}()
	if !strings.HasSuffix(path, ".gz") {
		_, err = m.WriteTo(f)
		return err
	}
	zw, err := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("quotes: save cue model: %w", err)
	}
	zw.ModTime = time.Time{} // same model, same bytes
	if _, err := m.WriteTo(zw); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("quotes: save cue model: %w", err)
	}
	return nil
}

// ReadModel parses a model written by WriteTo, plain or gzip-compressed;
// name is used in errors.
func ReadModel(r io.Reader, name string) (*CueModel, error) {
	br := bufio.NewReader(r)
	if magic, err := br.Peek(2); err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("quotes: %s: %w", name, err)
		}
		defer zr.Close()
		br = bufio.NewReader(zr)
	}
	sc := bufio.NewScanner(br)
	m := &CueModel{words: map[string]*wordModel{}}
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		if line == 1 {
			if s != modelHeader {
				return nil, fmt.Errorf("quotes: %s: line 1: not a cue model (header %q)", name, s)
			}
			continue
		}
		if s == "" {
			continue
		}
		f := strings.Split(s, "\t")
		if len(f) != 6 || f[0] == "" {
			return nil, fmt.Errorf("quotes: %s: line %d: want 6 tab-separated fields, got %d", name, line, len(f))
		}
		var v [3]int
		for i := range v {
			x, err := strconv.Atoi(f[3+i])
			if err != nil || x < 0 {
				return nil, fmt.Errorf("quotes: %s: line %d: field %d: bad count %q", name, line, 4+i, f[3+i])
			}
			v[i] = x
		}
		if v[0] > v[1] || v[2] > v[0] {
			return nil, fmt.Errorf("quotes: %s: line %d: counts out of order (cues %d, total %d, before %d)", name, line, v[0], v[1], v[2])
		}
		c := cueCount{Cues: v[0], Total: v[1], Before: v[2]}
		p, n := classIndex(prevClasses, f[1]), classIndex(nextClasses[:], f[2])
		switch {
		case f[1] == "*" && f[2] == "*":
			m.word(f[0]).all = c
		case f[1] == "*" && n >= 0:
			m.word(f[0]).next[n] = c
		case p >= 0 && n >= 0:
			m.word(f[0]).both[bothKey(p, n)] = c
		default:
			return nil, fmt.Errorf("quotes: %s: line %d: unknown context %q %q", name, line, f[1], f[2])
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("quotes: %s: line %d: %w", name, line, err)
	}
	if line == 0 {
		return nil, fmt.Errorf("quotes: %s: empty cue model", name)
	}
	return m.index(), nil
}

// prevClass and nextClass are the coarse contexts of a candidate cue word
// (indices into prevClasses and nextClasses).
func (d *doc) prevClass(i int) int {
	if i == 0 {
		return pStart
	}
	t := d.toks[i-1]
	switch {
	case t.seg >= 0:
		return pQuote
	case t.kind != tkWord:
		if t.text == "," {
			return pComma
		}
		return pPunct
	case determiners[t.lower] || isPossessive(t):
		return pDet
	case beForms[t.lower]:
		return pBe
	case t.lower == "to":
		return pTo
	case t.lower == "who" || t.lower == "which" || t.lower == "that":
		return pRel
	case auxAdverbs[t.lower]:
		return pAux
	case subjectPronouns[t.lower]:
		return pPron
	case t.capitalized():
		return pCap
	case stopwords[t.lower]:
		return pFn
	}
	return pWord
}

func (d *doc) nextClass(i int) int {
	if i+1 >= len(d.toks) {
		return nEnd
	}
	t := d.toks[i+1]
	switch {
	case t.seg >= 0:
		return nQuote
	case t.kind != tkWord:
		switch t.text {
		case ",":
			return nComma
		case ":":
			return nColon
		}
		return nPunct
	}
	if c, ok := nWords[t.lower]; ok {
		return c
	}
	switch {
	case whWords[t.lower]:
		return nWh
	case determiners[t.lower] || isPossessive(t):
		return nDet
	case subjectPronouns[t.lower] || objectWords[t.lower]:
		return nPron
	case t.capitalized():
		return nCap
	case stopwords[t.lower]:
		return nFn
	}
	return nWord
}

// candidate reports whether token i can be a learned cue: a word outside
// any quotation, not a capitalized name inside a sentence.
func (d *doc) candidate(i int) bool {
	t := d.toks[i]
	if t.kind != tkWord || t.seg >= 0 || len(t.lower) < 2 {
		return false
	}
	if t.capitalized() && i > 0 && d.toks[i-1].para == t.para && !isTerminal(d.toks[i-1]) {
		return false
	}
	return true
}

// DefaultModelPath is where the embedded cue model lives in data.FS.
const DefaultModelPath = "models/quotes.tsv.gz"

var (
	defaultOnce  sync.Once
	defaultModel *CueModel
	defaultErr   error
)

// DefaultModel returns the cue model embedded in the binary, parsed once.
func DefaultModel() (*CueModel, error) {
	defaultOnce.Do(func() {
		f, err := data.FS.Open(DefaultModelPath)
		if err != nil {
			defaultErr = fmt.Errorf("quotes: cue model: %w", err)
			return
		}
		defer f.Close()
		defaultModel, defaultErr = ReadModel(f, DefaultModelPath)
	})
	return defaultModel, defaultErr
}
