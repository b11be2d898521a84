package ner

// Gazetteer lists. Each list marks the tokens of a matching phrase with one
// of three bits: unit (one-token match), begin, inside.
const (
	gazCountry = iota
	gazCity
	gazAdmin1
	gazPER
	gazLOC
	gazORG
	gazMISC
	gazFirstName
	gazLastName
	gazTitle
	nGazLists
)

// titles are person titles and roles that precede names in English news;
// CoNLL-2003 leaves them outside the PER span ("President Bill Clinton").
var titles = []string{
	"President", "Vice President", "President-elect", "Prime Minister", "Deputy Prime Minister", "Minister",
	"Foreign Minister", "Finance Minister", "Defence Minister", "Defense Minister", "Interior Minister",
	"Chancellor", "Premier", "Secretary", "Secretary of State", "Secretary-General", "Secretary General",
	"Senator", "Sen.", "Representative", "Rep.", "Congressman", "Congresswoman", "Governor", "Gov.",
	"Lt. Gov.", "Lieutenant Governor", "Mayor", "Speaker", "Leader", "Majority Leader", "Minority Leader",
	"Attorney General", "Ambassador", "Envoy", "Judge", "Justice", "Chief Justice", "Sheriff",
	"King", "Queen", "Prince", "Princess", "Duke", "Duchess", "Lord", "Lady", "Sir", "Dame", "Emperor",
	"Pope", "Cardinal", "Archbishop", "Bishop", "Rev.", "Reverend", "Rabbi", "Imam", "Father", "Sister",
	"Mr.", "Mrs.", "Ms.", "Miss", "Dr.", "Prof.", "Professor", "Mr", "Mrs", "Ms", "Dr",
	"General", "Gen.", "Lt. Gen.", "Maj. Gen.", "Brig. Gen.", "Colonel", "Col.", "Lt. Col.", "Major", "Maj.",
	"Captain", "Capt.", "Lieutenant", "Lt.", "Sergeant", "Sgt.", "Admiral", "Adm.", "Commander", "Cmdr.",
	"Chairman", "Chairwoman", "Chair", "Chief Executive", "CEO", "Director", "Spokesman", "Spokeswoman",
	"Press Secretary", "Coach", "Manager", "Captain", "Detective", "Officer", "Inspector", "Superintendent",
	"Sheikh", "Ayatollah", "Crown Prince", "Chief", "Commissioner", "Councillor", "Councilman", "Councilwoman",
}

const (
	maxGazLen   = 6
	gazPrefixed = 1 << 31 // the key is a proper prefix of a longer phrase
)

// phraseSet maps the hash of a lower-cased token sequence to the lists it is
// in (bit l for list l), plus gazPrefixed for prefixes of longer phrases.
type phraseSet struct {
	m map[uint64]uint32
	t *featTable // read-only form of m (after freeze)
}

func newPhraseSet() *phraseSet { return &phraseSet{m: map[uint64]uint32{}} }

func phraseStep(h, tok uint64) uint64 { return mix64(h*0x9e3779b97f4a7c15 ^ tok) }

const phraseSeed = 0x51ed27f3a0b4c2d1

// add inserts a phrase given as lower-case token hashes.
func (p *phraseSet) add(toks []uint64, list int) {
	if len(toks) == 0 || len(toks) > maxGazLen {
		return
	}
	h := uint64(phraseSeed)
	for i, t := range toks {
		h = phraseStep(h, t)
		if i < len(toks)-1 {
			p.m[h] |= gazPrefixed
		}
	}
	p.m[h] |= 1 << list
}

// addWords inserts a phrase of words.
func (p *phraseSet) addWords(words []string, list int) {
	var buf [maxGazLen]uint64
	if len(words) > maxGazLen {
		return
	}
	for i, w := range words {
		buf[i] = hashLower(normWord(w))
	}
	p.add(buf[:len(words)], list)
}

// matchGazetteers sets seg[i].gaz for every phrase of every set that matches
// the sentence. Bits: 3*list + {0 unit, 1 begin, 2 inside}.
func matchGazetteers(sets []*phraseSet, seg []tokInfo) {
	for i := range seg {
		seg[i].gaz = 0
	}
	for _, ps := range sets {
		if ps == nil || len(ps.m) == 0 {
			continue
		}
		for i := range seg {
			h := uint64(phraseSeed)
			for l := 0; l < maxGazLen && i+l < len(seg); l++ {
				h = phraseStep(h, seg[i+l].lower)
				v, ok := ps.get(h)
				if !ok {
					break
				}
				markGaz(seg, i, l, v)
				if v&gazPrefixed == 0 {
					break
				}
			}
		}
	}
}

// freeze converts the set to its read-only lookup table.
func (p *phraseSet) freeze() {
	keys := make([]uint64, 0, len(p.m))
	vals := make([]int32, 0, len(p.m))
	for k, v := range p.m {
		keys = append(keys, k)
		vals = append(vals, int32(v))
	}
	p.t = newFeatTableVals(keys, vals)
}

// get returns the lists of phrase hash h.
func (p *phraseSet) get(h uint64) (uint32, bool) {
	if p.t != nil {
		v := p.t.get(h)
		return uint32(v), v != -1
	}
	v, ok := p.m[h]
	return v, ok
}

// markGaz marks the tokens of a gazetteer match of l+1 tokens starting at
// seg[i] with the lists of entry value v: a single token, or the first and
// the following tokens of a longer name (three bits per list).
func markGaz(seg []tokInfo, i, l int, v uint32) {
	lists := v &^ gazPrefixed
	for lists != 0 {
		list := uint32(trailingZeros32(lists))
		lists &= lists - 1
		if l == 0 {
			seg[i].gaz |= 1 << (3 * list)
			continue
		}
		seg[i].gaz |= 1 << (3*list + 1)
		for j := i + 1; j <= i+l; j++ {
			seg[j].gaz |= 1 << (3*list + 2)
		}
	}
}
