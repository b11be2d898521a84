// Command gen builds data/gazetteer/places.tsv.gz, the compact place
// gazetteer that package gazetteer embeds, from the GeoNames files
// cities15000.txt.gz, countryInfo.txt and admin1CodesASCII.txt.
//
//	go run ./internal/gazetteer/gen -src ../shared/data/gazetteer -out data/gazetteer/places.tsv.gz
//
// The output is deterministic: the same input files give the same bytes.
// Its format is described in data/gazetteer/README.md.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsfind/newsfind/internal/gazetteer"
)

// Limits on alternate names, so the embedded file stays small and lookups
// are not polluted by transliterations nobody writes in English news.
const (
	maxAltRunes = 40 // longer alternates are official long forms, not names used in text
	// minAltPopulation: cities smaller than this keep only their name and
	// ASCII name; their alternates are mostly foreign spellings.
	minAltPopulation = 100000
	// minFreeAltPopulation: below it a city keeps only alternates that look
	// like its name (spelling variants); GeoNames lists nicknames and even
	// brands for some ("Google" for Topeka). Bigger cities keep historic and
	// foreign names too (Bombay, Peking, Saigon).
	minFreeAltPopulation = 1000000
)

// similar reports whether an alternate name is a spelling variant of name:
// once normalised, the same first letter and a common prefix of at least
// three letters or an edit distance of at most a third of the length.
func similar(alt, name string) bool {
	a, b := []rune(gazetteer.Normalize(alt)), []rune(gazetteer.Normalize(name))
	if len(a) == 0 || len(b) == 0 || a[0] != b[0] {
		return false
	}
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	if p >= 3 {
		return true
	}
	return levenshtein(a, b) <= max(len(a), len(b))/3
}

func levenshtein(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func main() {
	src := flag.String("src", "../shared/data/gazetteer", "directory with the GeoNames files")
	words := flag.String("words", "", "English text (JSON Lines .gz with a \"body\" field) whose lower-case words are common words no alternate name may be; default: wikinews.jsonl.gz in ../news beside -src")
	out := flag.String("out", "data/gazetteer/places.tsv.gz", "output file, or a directory to write places.tsv.gz in")
	flag.Parse()
	if fi, err := os.Stat(*out); err == nil && fi.IsDir() {
		*out = filepath.Join(*out, "places.tsv.gz")
	}
	if *words == "" {
		*words = filepath.Join(*src, "..", "news", "wikinews.jsonl.gz")
	}
	if err := run(*src, *words, *out); err != nil {
		slog.Error("gazetteer gen", "err", err)
		os.Exit(1)
	}
}

type country struct {
	cc, name, capital string
	pop               int64
	id                int
}

type admin1 struct {
	key, name string // key is "CC.code"
	id        int
}

type city struct {
	id              int
	name, ascii     string
	alts            []string
	lat, lon        float64
	fcode, cc, adm1 string
	pop             int64
}

func run(src, wordsPath, out string) error {
	cw, err := readCommonWords(wordsPath)
	if err != nil {
		return err
	}
	commonWords = cw
	countries, err := readCountries(filepath.Join(src, "countryInfo.txt"))
	if err != nil {
		return err
	}
	admins, err := readAdmin1(filepath.Join(src, "admin1CodesASCII.txt"))
	if err != nil {
		return err
	}
	cities, err := readCities(filepath.Join(src, "cities15000.txt.gz"))
	if err != nil {
		return err
	}

	f, err := os.Create(out)
	if err != nil {
		return fmt.Errorf("create %s: %w", out, err)
	}
	zw, err := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(zw)
	rows := write(w, countries, admins, cities)
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", out, err)
	}
	slog.Info("gazetteer written", "out", out, "rows", rows)
	return nil
}

// write emits the rows in a fixed order: countries, admin1 regions, cities,
// regions, demonyms. It returns the number of rows.
func write(w io.Writer, countries []country, admins []admin1, cities []city) int {
	fmt.Fprintln(w, "# newsfind place gazetteer. Contains data from GeoNames (geonames.org), CC BY 4.0.")
	fmt.Fprintln(w, "# kind\tgeonameid\tname\tcountry\tadmin1\tlat\tlon\tpopulation\tfeature\taliases(|)")
	rows := 0
	row := func(kind string, id int, name, cc, adm string, lat, lon float64, hasGeo bool, pop int64, fcode string, aliases []string) {
		la, lo := "", ""
		if hasGeo {
			la, lo = strconv.FormatFloat(lat, 'f', 4, 64), strconv.FormatFloat(lon, 'f', 4, 64)
		}
		fmt.Fprintf(w, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", kind, id, name, cc, adm, la, lo, pop, fcode, strings.Join(aliases, "|"))
		rows++
	}

	byCountry := map[string][]*city{}
	byAdmin := map[string][]*city{}
	for i := range cities {
		c := &cities[i]
		byCountry[c.cc] = append(byCountry[c.cc], c)
		byAdmin[c.cc+"."+c.adm1] = append(byAdmin[c.cc+"."+c.adm1], c)
	}

	for _, c := range countries {
		lat, lon, ok := centre(byCountry[c.cc])
		row("C", c.id, c.name, c.cc, "", lat, lon, ok, c.pop, "PCLI", cleanAliases(c.name, countryAliases[c.cc], false))
	}
	for _, a := range admins {
		cc, code, _ := strings.Cut(a.key, ".")
		var pop int64
		for _, c := range byAdmin[a.key] {
			pop += c.pop
		}
		lat, lon, ok := centre(byAdmin[a.key])
		var aliases []string
		if cc == "US" {
			// US admin1 codes are the postal codes ("NY", "Calif." in AP
			// style is curated).
			if !usPostalWords[code] {
				aliases = append(aliases, code)
			}
			aliases = append(aliases, usStateAbbrev[code]...)
		}
		row("A", a.id, a.name, cc, code, lat, lon, ok, pop, "ADM1", cleanAliases(a.name, aliases, false))
	}
	for _, c := range cities {
		var alts []string
		if c.pop >= minAltPopulation || c.fcode == "PPLC" {
			for _, a := range c.alts {
				if c.pop >= minFreeAltPopulation || similar(a, c.name) {
					alts = append(alts, a)
				}
			}
		}
		alts = append(alts, cityAliases[c.id]...)
		if c.ascii != c.name {
			alts = append([]string{c.ascii}, alts...)
		}
		row("P", c.id, c.name, c.cc, c.adm1, c.lat, c.lon, true, c.pop, c.fcode, cleanAliases(c.name, alts, true))
	}
	for _, r := range regions {
		row("R", r.id, r.name, r.cc, "", r.lat, r.lon, true, 0, "RGN", r.aliases)
	}
	for _, d := range demonyms(countries) {
		row("D", 0, d.word, d.cc, "", 0, 0, false, 0, "", nil)
	}
	return rows
}

// centre is the population-weighted centre of the cities (computed on the
// unit sphere, so countries across the antimeridian come out right),
// snapped to the nearest of those cities so a pin never lands in the sea.
func centre(cs []*city) (lat, lon float64, ok bool) {
	if len(cs) == 0 {
		return 0, 0, false
	}
	var x, y, z, wsum float64
	for _, c := range cs {
		w := float64(c.pop) + 1
		cx, cy, cz := unit(c.lat, c.lon)
		x, y, z, wsum = x+w*cx, y+w*cy, z+w*cz, wsum+w
	}
	x, y, z = x/wsum, y/wsum, z/wsum
	best, bestDot := cs[0], -2.0
	for _, c := range cs {
		cx, cy, cz := unit(c.lat, c.lon)
		if d := x*cx + y*cy + z*cz; d > bestDot || (d == bestDot && c.id < best.id) {
			best, bestDot = c, d
		}
	}
	return best.lat, best.lon, true
}

func unit(lat, lon float64) (x, y, z float64) {
	la, lo := lat*math.Pi/180, lon*math.Pi/180
	return math.Cos(la) * math.Cos(lo), math.Cos(la) * math.Sin(lo), math.Sin(la)
}

// cleanAliases keeps the alternates worth matching: Latin script, starting
// with a capital letter (GeoNames' lower-case entries are transliterations),
// not all-capital codes such as IATA "BOM" (unless dotted like "U.S." or
// curated), no hyphen before a lower-case letter, no digits, at most maxAltRunes runes, and not a duplicate of the
// name or of each other once normalised.
func cleanAliases(name string, alts []string, filter bool) []string {
	seen := map[string]bool{gazetteer.Normalize(name): true}
	var out []string
	for _, a := range alts {
		a = strings.TrimSpace(a)
		if a == "" || strings.ContainsAny(a, "|\t") || dropAliases[a] {
			continue
		}
		if filter && (!goodAlt(a) || (allCommon(a) && !similar(a, name))) && !curatedCity(a) {
			continue
		}
		k := gazetteer.Normalize(a)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, a)
	}
	return out
}

func curatedCity(a string) bool {
	for _, as := range cityAliases {
		for _, x := range as {
			if x == a {
				return true
			}
		}
	}
	return false
}

func goodAlt(a string) bool {
	if utf8.RuneCountInString(a) > maxAltRunes {
		return false
	}
	first, _ := utf8.DecodeRuneInString(a)
	if !unicode.IsUpper(first) {
		return false
	}
	upper, dotted := true, false
	prev := ' '
	for _, r := range a {
		if prev == '-' && unicode.IsLower(r) {
			return false // "Ga-no-no", "Pem-pot-a-wut-hut": transliterated syllables
		}
		prev = r
		switch {
		case r == ' ' || r == '-' || r == '\'' || r == '’':
		case r == '.':
			dotted = true
		case unicode.IsLetter(r) && unicode.Is(unicode.Latin, r):
			if unicode.IsLower(r) {
				upper = false
			}
		default:
			return false
		}
	}
	return !upper || dotted
}

type demonym struct{ word, cc string }

// demonyms derives nationality words from the country names with the
// regular English suffix rules (Syria -> Syrian, Iraq -> Iraqi, Brazil ->
// Brazilian, Mali -> Malian), adds the curated irregular forms, and plurals.
func demonyms(countries []country) []demonym {
	set := map[string]string{}
	add := func(w, cc string) {
		if _, ok := set[w]; !ok {
			set[w] = cc
		}
	}
	for _, c := range countries {
		if irr, ok := demonymIrregular[c.cc]; ok {
			for _, w := range irr {
				add(w, c.cc)
			}
			continue
		}
		if w := regularDemonym(c.name); w != "" {
			add(w, c.cc)
			add(w+"s", c.cc)
		}
	}
	for _, w := range demonymRegional {
		add(w, "")
	}
	out := make([]demonym, 0, len(set))
	for w, cc := range set {
		out = append(out, demonym{w, cc})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].word < out[j].word })
	return out
}

func regularDemonym(name string) string {
	for _, bad := range []string{" and ", " of ", "Republic", "Island", "Territory", "land", "Saint ", "St. "} {
		if strings.Contains(name, bad) {
			return ""
		}
	}
	switch {
	case strings.HasSuffix(name, "stan"), strings.HasSuffix(name, "q"):
		return name + "i"
	case strings.HasSuffix(name, "ay"):
		return name + "an"
	case strings.HasSuffix(name, "y"):
		return name[:len(name)-1] + "ian"
	case strings.HasSuffix(name, "ine"):
		return name[:len(name)-1] + "ian"
	case strings.HasSuffix(name, "a"):
		return name + "n"
	case strings.HasSuffix(name, "e"), strings.HasSuffix(name, "i"), strings.HasSuffix(name, "u"):
		return name + "an"
	case strings.HasSuffix(name, "o"), strings.HasSuffix(name, "s"):
		return ""
	default:
		return name + "ian"
	}
}

func readCountries(path string) ([]country, error) {
	var out []country
	err := eachLine(path, func(n int, fields []string) error {
		if len(fields) < 17 {
			return fmt.Errorf("%d columns, want at least 17", len(fields))
		}
		pop, err := strconv.ParseInt(fields[7], 10, 64)
		if err != nil {
			return fmt.Errorf("population %q: %w", fields[7], err)
		}
		id, err := strconv.Atoi(fields[16])
		if err != nil {
			return fmt.Errorf("geonameid %q: %w", fields[16], err)
		}
		// "The Netherlands" is "Netherlands" in running text ("the Netherlands").
		name := strings.TrimPrefix(strings.TrimSpace(fields[4]), "The ")
		out = append(out, country{cc: fields[0], name: name, capital: fields[5], pop: pop, id: id})
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].cc < out[j].cc })
	return out, err
}

func readAdmin1(path string) ([]admin1, error) {
	var out []admin1
	err := eachLine(path, func(n int, fields []string) error {
		if len(fields) < 4 {
			return fmt.Errorf("%d columns, want 4", len(fields))
		}
		id, err := strconv.Atoi(fields[3])
		if err != nil {
			return fmt.Errorf("geonameid %q: %w", fields[3], err)
		}
		out = append(out, admin1{key: fields[0], name: fields[1], id: id})
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out, err
}

func readCities(path string) ([]city, error) {
	var out []city
	err := eachLine(path, func(n int, f []string) error {
		if len(f) < 19 {
			return fmt.Errorf("%d columns, want 19", len(f))
		}
		id, err := strconv.Atoi(f[0])
		if err != nil {
			return fmt.Errorf("geonameid %q: %w", f[0], err)
		}
		lat, err1 := strconv.ParseFloat(f[4], 64)
		lon, err2 := strconv.ParseFloat(f[5], 64)
		if err := errors.Join(err1, err2); err != nil {
			return fmt.Errorf("coordinates: %w", err)
		}
		pop, err := strconv.ParseInt(f[14], 10, 64)
		if err != nil {
			return fmt.Errorf("population %q: %w", f[14], err)
		}
		var alts []string
		if f[3] != "" {
			alts = strings.Split(f[3], ",")
		}
		out = append(out, city{id: id, name: f[1], ascii: f[2], alts: alts, lat: lat, lon: lon, fcode: f[7], cc: f[8], adm1: f[10], pop: pop})
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out, err
}

// eachLine calls fn with the tab-separated fields of every non-comment line
// of path (gunzipped when it ends in .gz); errors name the file and line.
func eachLine(path string, fn func(line int, fields []string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := fn(n, strings.Split(line, "\t")); err != nil {
			return fmt.Errorf("%s line %d: %w", path, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return nil
}

// commonWords are words seen in lower case in English news ("central",
// "house"): an alternate name made only of them ("Central" for Davao) is a
// translation or nickname that would turn ordinary words into a city.
var commonWords map[string]bool

// minCommonCount is how often a word must occur in lower case to count as
// common.
const minCommonCount = 2

func allCommon(a string) bool {
	for _, w := range strings.Fields(strings.ToLower(a)) {
		if !commonWords[w] {
			return false
		}
	}
	return true
}

// readCommonWords reads the lower-case words of the "body" fields of a
// gzipped JSON Lines file.
func readCommonWords(path string) (map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("common words: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("common words %s: %w", path, err)
	}
	counts := map[string]int{}
	dec := json.NewDecoder(zr)
	for n := 1; ; n++ {
		var doc struct {
			Body string `json:"body"`
		}
		if err := dec.Decode(&doc); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("common words %s: record %d: %w", path, n, err)
		}
		for _, w := range strings.FieldsFunc(doc.Body, func(r rune) bool { return !unicode.IsLetter(r) }) {
			if r, _ := utf8.DecodeRuneInString(w); unicode.IsLower(r) {
				counts[w]++
			}
		}
	}
	out := map[string]bool{}
	for w, c := range counts {
		if c >= minCommonCount {
			out[w] = true
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("common words %s: no words", path)
	}
	return out, nil
}
