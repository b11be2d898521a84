// Package gazetteer resolves place names to GeoNames places: countries (with
// common aliases such as "U.S." or "Britain"), first-level regions (states,
// provinces), cities of more than 15,000 people, continents and a few
// regions. It also knows nationality words ("Iraqi", "Indonesians") so that
// callers can tell a demonym from a place.
//
// The data is data/gazetteer/places.tsv.gz, built by ./gen from GeoNames
// (CC BY 4.0) and embedded in the binary through package data.
package gazetteer

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/newsfind/newsfind/data"
)

// File is the path of the gazetteer inside data.FS.
const File = "gazetteer/places.tsv.gz"

// ErrFormat is wrapped by every error about a malformed gazetteer file.
var ErrFormat = errors.New("gazetteer: malformed file")

// Kind is what sort of place a Place is.
type Kind uint8

// Place kinds, in the order the file lists them.
const (
	Country Kind = iota + 1
	Admin1       // first-level administrative division: state, province, region
	City
	Region // continent or region above country level
)

func (k Kind) String() string {
	switch k {
	case Country:
		return "country"
	case Admin1:
		return "admin1"
	case City:
		return "city"
	case Region:
		return "region"
	}
	return "unknown"
}

// Place is one gazetteer entry.
type Place struct {
	ID          int // GeoNames id; 0 for curated regions without one
	Name        string
	Kind        Kind
	CountryCode string // ISO 3166 alpha-2; "" for regions across countries
	Admin1      string // GeoNames admin1 code of cities and admin1 regions
	Lat, Lon    float64
	HasGeo      bool
	Population  int64
	Feature     string // GeoNames feature code: PCLI, ADM1, PPLC, PPLA, PPL, ...; RGN for regions
}

// Candidate is a place a name may refer to, and whether the name is the
// place's own name (Alias false) or one of its alternate names.
type Candidate struct {
	*Place
	Alias bool
}

// Gazetteer is an immutable, concurrency-safe place index.
type Gazetteer struct {
	places    []Place
	byKey     map[string][]entry
	demonyms  map[string]string // normalised word -> country code ("" for regional)
	countries map[string]*Place // country code -> country
}

type entry struct {
	idx   int32
	alias bool
}

var (
	defaultOnce sync.Once
	defaultGaz  *Gazetteer
	defaultErr  error
)

// Default returns the gazetteer embedded in the binary, loaded on first use.
func Default() (*Gazetteer, error) {
	defaultOnce.Do(func() {
		f, err := openEmbedded()
		if err != nil {
			defaultErr = err
			return
		}
		defer f.Close()
		defaultGaz, defaultErr = Load(f)
		if defaultErr != nil {
			defaultErr = fmt.Errorf("embedded %s: %w", File, defaultErr)
		}
	})
	return defaultGaz, defaultErr
}

func openEmbedded() (fs.File, error) {
	f, err := data.FS.Open(File)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: open embedded %s: %w", File, err)
	}
	return f, nil
}

// Load reads a gzip-compressed gazetteer in the format ./gen writes.
func Load(r io.Reader) (*Gazetteer, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	defer zr.Close()
	g := &Gazetteer{
		byKey:     make(map[string][]entry, 1<<17),
		demonyms:  make(map[string]string, 512),
		countries: make(map[string]*Place, 256),
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	type keyed struct {
		key   string
		alias bool
	}
	var pending [][]keyed // keys of g.places[i], added once places stops growing
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		if s == "" || s[0] == '#' {
			continue
		}
		f := strings.Split(s, "\t")
		if len(f) != 10 {
			return nil, fmt.Errorf("%w: line %d: %d columns, want 10", ErrFormat, line, len(f))
		}
		if f[0] == "D" {
			g.demonyms[Normalize(f[2])] = f[3]
			continue
		}
		p, err := parsePlace(f)
		if err != nil {
			return nil, fmt.Errorf("%w: line %d: %v", ErrFormat, line, err)
		}
		keys := []keyed{{Normalize(p.Name), false}}
		if f[9] != "" {
			for _, a := range strings.Split(f[9], "|") {
				// "Mexico City" is as much "Mexico" as its own name says.
				keys = append(keys, keyed{Normalize(a), p.Name != a+" City"})
			}
		}
		g.places = append(g.places, p)
		pending = append(pending, keys)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("gazetteer: read line %d: %w", line+1, err)
	}
	for i, keys := range pending {
		p := &g.places[i]
		if p.Kind == Country {
			g.countries[p.CountryCode] = p
		}
		for _, k := range keys {
			if k.key == "" {
				continue
			}
			es := g.byKey[k.key]
			dup := false
			for _, e := range es {
				if int(e.idx) == i {
					dup = true
				}
			}
			if !dup {
				g.byKey[k.key] = append(es, entry{int32(i), k.alias})
			}
		}
	}
	if len(g.countries) == 0 {
		return nil, fmt.Errorf("%w: no countries", ErrFormat)
	}
	return g, nil
}

func parsePlace(f []string) (Place, error) {
	p := Place{Name: f[2], CountryCode: f[3], Admin1: f[4], Feature: f[8]}
	switch f[0] {
	case "C":
		p.Kind = Country
	case "A":
		p.Kind = Admin1
	case "P":
		p.Kind = City
	case "R":
		p.Kind = Region
	default:
		return p, fmt.Errorf("kind %q, want C, A, P, R or D", f[0])
	}
	var err error
	if p.ID, err = strconv.Atoi(f[1]); err != nil {
		return p, fmt.Errorf("geonameid %q: %w", f[1], err)
	}
	if f[5] != "" || f[6] != "" {
		if p.Lat, err = strconv.ParseFloat(f[5], 64); err != nil || math.Abs(p.Lat) > 90 {
			return p, fmt.Errorf("latitude %q: not in [-90, 90]", f[5])
		}
		if p.Lon, err = strconv.ParseFloat(f[6], 64); err != nil || math.Abs(p.Lon) > 180 {
			return p, fmt.Errorf("longitude %q: not in [-180, 180]", f[6])
		}
		p.HasGeo = true
	}
	if p.Population, err = strconv.ParseInt(f[7], 10, 64); err != nil {
		return p, fmt.Errorf("population %q: %w", f[7], err)
	}
	if p.Name == "" {
		return p, errors.New("empty name")
	}
	return p, nil
}

// Len is the number of places.
func (g *Gazetteer) Len() int { return len(g.places) }

// Lookup returns every place the name may refer to, most likely first (see
// Rank), or nil. The name is normalised with Normalize.
func (g *Gazetteer) Lookup(name string) []Candidate {
	es := g.byKey[Normalize(name)]
	if len(es) == 0 {
		return nil
	}
	out := make([]Candidate, len(es))
	for i, e := range es {
		out[i] = Candidate{&g.places[e.idx], e.alias}
	}
	Rank(out, nil)
	return out
}

// Country returns the country with the ISO code cc.
func (g *Gazetteer) Country(cc string) (*Place, bool) {
	p, ok := g.countries[cc]
	return p, ok
}

// Demonym reports whether word is a nationality or people word ("Iraqi",
// "Indonesians", "British", "Kurds") and the country it belongs to ("" for
// regional ones such as "European").
func (g *Gazetteer) Demonym(word string) (cc string, ok bool) {
	cc, ok = g.demonyms[Normalize(word)]
	return cc, ok
}

// Context is what else an article mentions: a weight per country code.
// Candidates in a country the article is about rank higher.
type Context map[string]float64

// Score is how likely the candidate is meant, given the context. A country
// counts twice its population, so it beats cities and regions of the same
// name (Georgia the country over the US state, Luxembourg the country over
// its capital); capitals and admin seats count more than plain towns; a
// first-level region counts a quarter of the population of its cities; an
// alternate name counts a quarter of the place's own name; and places in a
// country the context mentions are multiplied by its weight, so "Georgia"
// next to "Atlanta" is the state while "Paris" next to "Texas" stays French
// unless the article says more.
func Score(c Candidate, ctx Context) float64 {
	var s float64
	switch c.Kind {
	case Country:
		s = 2 * float64(max(c.Population, 100000))
	case Region:
		s = 1e9
	case Admin1:
		s = float64(c.Population) / 4
	default:
		s = float64(c.Population)
		switch c.Feature {
		case "PPLC":
			s *= 10
		case "PPLA":
			s *= 3
		case "PPLA2":
			s *= 1.5
		}
	}
	if c.Alias {
		s /= 4
	}
	if w, ok := ctx[c.CountryCode]; ok && w > 1 {
		s *= w
	}
	return s
}

// Rank sorts candidates most likely first by Score; ties go to the lower
// GeoNames id so the order is deterministic.
func Rank(cs []Candidate, ctx Context) {
	sort.SliceStable(cs, func(i, j int) bool {
		si, sj := Score(cs[i], ctx), Score(cs[j], ctx)
		if si != sj {
			return si > sj
		}
		return cs[i].ID < cs[j].ID
	})
}

// Best returns the most likely place for name given the context (the first
// of Lookup's order when ctx is empty). It does not allocate.
func (g *Gazetteer) Best(name string, ctx Context) (*Place, bool) {
	return g.BestKey(Normalize(name), ctx)
}

// BestKey is Best for a name already normalised with Normalize.
func (g *Gazetteer) BestKey(key string, ctx Context) (*Place, bool) {
	c, ok := g.BestCandidate(key, ctx)
	return c.Place, ok
}

// BestCandidate is BestKey that also tells whether the name matched is the
// place's own name or an alternate.
func (g *Gazetteer) BestCandidate(key string, ctx Context) (Candidate, bool) {
	es := g.byKey[key]
	if len(es) == 0 {
		return Candidate{}, false
	}
	var best Candidate
	bestScore := -1.0
	for _, e := range es {
		c := Candidate{&g.places[e.idx], e.alias}
		s := Score(c, ctx)
		if s > bestScore || (s == bestScore && c.ID < best.ID) {
			best, bestScore = c, s
		}
	}
	return best, true
}

// DemonymKey is Demonym for a word already normalised with Normalize.
func (g *Gazetteer) DemonymKey(key string) (cc string, ok bool) {
	cc, ok = g.demonyms[key]
	return cc, ok
}
