package entities

import (
	"strings"

	"github.com/newsfind/newsfind/internal/gazetteer"
	"github.com/newsfind/newsfind/schema"
)

// Context weights multiply the score of places in a country the article
// mentions elsewhere (see gazetteer.Score). A city or region in the country
// is strong evidence ("Georgia" next to "Atlanta" is the US state); the
// country's name or nationality alone is weak ("the US and Georgia" are two
// countries, but "Birmingham" next to "Alabama" is in the US).
const (
	contextWeight     = 10
	weakContextWeight = 3
)

// hyphenSuffixes turn a place into an adjective ("US-led", "London-based");
// the place before the hyphen is still mentioned.
var hyphenSuffixes = set("led", "based", "born", "backed", "bound", "owned", "made", "run",
	"controlled", "held", "allied", "brokered", "funded", "sponsored", "style", "era", "wide")

// resolvePlaces groups place mentions by the gazetteer place they resolve
// to (by normalised name when the gazetteer does not know them). The name is
// the gazetteer's ("US", "U.S." -> "United States"). Ambiguous names are
// resolved with the countries of the article's other places and
// nationality words as context.
func (d *doc) resolvePlaces(ms []*mention) []*cluster {
	g := d.r.gaz
	type named struct {
		m    *mention
		norm string
		// generic is true for a lone compass word ("the North"): a place,
		// but not GeoNames' region of that name.
		generic bool
	}
	var list []named
	for _, m := range ms {
		if m.typ != schema.TypePlace {
			continue
		}
		norm := m.norm
		if len(m.words) == 1 {
			if base, suf, ok := strings.Cut(m.words[0], "-"); ok && inLower(hyphenSuffixes, suf) {
				norm = gazetteer.Normalize(base)
			}
		}
		if norm == "" {
			continue
		}
		list = append(list, named{m, norm, len(m.words) == 1 && placeQualifiers[norm]})
	}
	if len(list) == 0 {
		return nil
	}
	// First pass: each distinct name's best place without context.
	first := map[string]*gazetteer.Place{}
	count := map[string]int{} // cities and regions per country
	weak := map[string]int{}  // country names and nationality words
	for cc, n := range d.nationality {
		weak[cc] += n
	}
	for _, n := range list {
		if _, done := first[n.norm]; done || n.generic {
			continue
		}
		p, _ := g.BestKey(n.norm, nil)
		first[n.norm] = p
		switch {
		case p == nil || p.CountryCode == "":
		case p.Kind == gazetteer.Country:
			weak[p.CountryCode]++
		default:
			count[p.CountryCode]++
		}
	}
	byID := map[int]*cluster{}
	byName := map[string]*cluster{}
	var out []*cluster
	resolved := make(map[string]*gazetteer.Place, len(first))
	ctx := gazetteer.Context{}
	for _, n := range list {
		p, done := resolved[n.norm]
		if own := first[n.norm]; !done && own != nil {
			clear(ctx)
			for cc, k := range weak {
				if cc == own.CountryCode && own.Kind == gazetteer.Country {
					k-- // the name itself is no evidence for its own country
				}
				if k > 0 {
					ctx[cc] = weakContextWeight
				}
			}
			for cc, k := range count {
				if cc == own.CountryCode && own.Kind != gazetteer.Country {
					k--
				}
				if k > 0 {
					ctx[cc] = contextWeight
				}
			}
			p, _ = g.BestKey(n.norm, ctx)
			resolved[n.norm] = p
		}
		var c *cluster
		if p != nil && p.ID != 0 {
			c = byID[p.ID]
		} else if p != nil {
			c = byName[p.Name]
		} else {
			c = byName[n.norm]
		}
		if c == nil {
			c = &cluster{typ: schema.TypePlace, key: n.norm}
			if p != nil {
				c.name = p.Name
				if p.HasGeo {
					c.geo = &schema.Geo{CountryCode: p.CountryCode, Lat: p.Lat, Lon: p.Lon, GeonameID: p.ID}
				}
				if p.ID != 0 {
					byID[p.ID] = c
				} else {
					byName[p.Name] = c
				}
			} else {
				c.name = d.nameText(n.m.s, n.m.e)
				byName[n.norm] = c
			}
			out = append(out, c)
		}
		if p == nil && isAllCaps(c.name) && !d.allCaps(n.m.s, n.m.e) {
			c.name = d.nameText(n.m.s, n.m.e) // "Gulf" rather than the headline's "GULF"
		}
		if base, _, ok := strings.Cut(n.m.words[0], "-"); ok && len(n.m.words) == 1 && gazetteer.Normalize(base) == n.norm {
			n.m.hyphenBase = len(base)
		}
		c.ments = append(c.ments, n.m)
	}
	return out
}
