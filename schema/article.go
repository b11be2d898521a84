// Package schema defines what newsfind stores: the Article with its extracted
// Entities and Quotes, the names of every index field, and the bleve mapping.
// Every other package takes field names from here, so they are defined once.
package schema

import (
	"encoding/json"
	"time"
)

// Entity types as they appear in the extract contract and the facets.
const (
	TypePerson       = "person"
	TypePlace        = "place"
	TypeOrganization = "organization"
	TypeMisc         = "misc" // kept in extraction output for callers that want it; never faceted
)

// Quote kinds.
const (
	KindDirect   = "direct"
	KindIndirect = "indirect"
)

// Mention is one occurrence of an entity or speaker in the article text.
// Start and End are Unicode code-point offsets into the text, End exclusive.
type Mention struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Geo locates a place entity that the gazetteer resolved.
type Geo struct {
	CountryCode string  `json:"country_code,omitempty"`
	Lat         float64 `json:"lat"`
	Lon         float64 `json:"lon"`
	GeonameID   int     `json:"geoname_id,omitempty"`
}

// Entity is one canonical person, place or organization of an article with
// every mention that refers to it.
type Entity struct {
	Type     string    `json:"type"`
	Name     string    `json:"name"`
	Mentions []Mention `json:"mentions"`
	Geo      *Geo      `json:"geo,omitempty"`
}

// Quote is one attribution: what was said, how (direct or indirect), the cue
// word, and who said it. Speaker is the canonical name ("" when unknown).
type Quote struct {
	Text           string   `json:"text"`
	Start          int      `json:"start"`
	End            int      `json:"end"`
	Kind           string   `json:"kind"`
	Cue            string   `json:"cue"`
	Speaker        string   `json:"speaker"`
	SpeakerMention *Mention `json:"speaker_mention,omitempty"`
}

// Extraction is the output of the extractor for one text; its JSON form is
// the public contract of `newsfind extract`.
type Extraction struct {
	Entities []Entity `json:"entities"`
	Quotes   []Quote  `json:"quotes"`
}

// Article is a news article as stored: the input fields, the text that
// extraction offsets refer to, and the extraction itself.
type Article struct {
	ID        string    `json:"id"`
	URL       string    `json:"url,omitempty"`
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	Published time.Time `json:"published,omitzero"`
	Source    string    `json:"source,omitempty"`
	Authors   []string  `json:"authors,omitempty"`
	// Extra keeps input fields newsfind does not know; returned, never indexed.
	Extra map[string]json.RawMessage `json:"extra,omitempty"`

	Entities []Entity `json:"entities"`
	Quotes   []Quote  `json:"quotes"`
}

// Names returns the distinct canonical names of the entities of type typ,
// in first-seen order.
func Names(ents []Entity, typ string) []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range ents {
		if e.Type == typ && !seen[e.Name] {
			seen[e.Name] = true
			out = append(out, e.Name)
		}
	}
	return out
}

// Speakers returns the distinct non-empty speakers of the quotes, first-seen order.
func Speakers(qs []Quote) []string {
	var out []string
	seen := map[string]bool{}
	for _, q := range qs {
		if q.Speaker != "" && !seen[q.Speaker] {
			seen[q.Speaker] = true
			out = append(out, q.Speaker)
		}
	}
	return out
}
