package gazetteer

import (
	"bytes"
	"compress/gzip"
	"errors"
	"testing"
)

func defaultGazetteer(t testing.TB) *Gazetteer {
	t.Helper()
	g, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"U.S.", "us"},
		{"United  States", "united states"},
		{"the Netherlands", "netherlands"},
		{"São Paulo", "sao paulo"},
		{"SÃO PAULO", "sao paulo"},
		{"Port-au-Prince", "port au prince"},
		{"St. John's", "st johns"},
		{"Côte d’Ivoire", "cote divoire"},
		{"  Kraków ", "krakow"},
		{"Düsseldorf", "dusseldorf"},
		{"", ""},
		{"...", ""},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBest(t *testing.T) {
	g := defaultGazetteer(t)
	tests := []struct {
		name     string
		ctx      Context
		wantName string
		wantKind Kind
		wantCC   string
	}{
		{"US", nil, "United States", Country, "US"},
		{"U.S.", nil, "United States", Country, "US"},
		{"United States", nil, "United States", Country, "US"},
		{"United States of America", nil, "United States", Country, "US"},
		{"UK", nil, "United Kingdom", Country, "GB"},
		{"Britain", nil, "United Kingdom", Country, "GB"},
		{"Indonesia", nil, "Indonesia", Country, "ID"},
		{"Jakarta", nil, "Jakarta", City, "ID"},
		{"Ramadi", nil, "Ramadi", City, "IQ"},
		{"Paris", nil, "Paris", City, "FR"},
		{"Paris", Context{"US": 10}, "Paris", City, "FR"}, // Paris, Texas is too small to win
		{"Georgia", nil, "Georgia", Country, "GE"},
		{"Georgia", Context{"US": 10}, "Georgia", Admin1, "US"},
		{"Birmingham", nil, "Birmingham", City, "GB"},
		{"Birmingham", Context{"US": 10}, "Birmingham", City, "US"},
		{"Mexico City", nil, "Mexico City", City, "MX"},
		{"Singapore", nil, "Singapore", City, "SG"},
		{"Washington", nil, "Washington", City, "US"},
		{"New York", nil, "New York City", City, "US"},
		{"California", nil, "California", Admin1, "US"},
		{"Calif.", nil, "California", Admin1, "US"},
		{"Fla.", nil, "Florida", Admin1, "US"},
		{"MD", nil, "Maryland", Admin1, "US"},
		{"Bombay", nil, "Mumbai", City, "IN"},
		{"Kiev", nil, "Kyiv", City, "UA"},
		{"Sao Paulo", nil, "São Paulo", City, "BR"},
		{"Luxembourg", nil, "Luxembourg", Country, "LU"},
		{"Mexico", nil, "Mexico", Country, "MX"},
		{"Europe", nil, "Europe", Region, ""},
		{"the Netherlands", nil, "Netherlands", Country, "NL"},
		{"Holland", nil, "Netherlands", Country, "NL"},
		{"Middle East", nil, "Middle East", Region, ""},
		{"Donbass", nil, "Donbas", Region, "UA"},
		{"Pacific Ocean", nil, "Pacific", Region, ""},
		{"Peking", nil, "Beijing", City, "CN"},
		{"Gaza Strip", nil, "Gaza Strip", Admin1, "PS"},
	}
	for _, tt := range tests {
		p, ok := g.Best(tt.name, tt.ctx)
		if !ok {
			t.Errorf("Best(%q): not found", tt.name)
			continue
		}
		if p.Name != tt.wantName || p.Kind != tt.wantKind || p.CountryCode != tt.wantCC {
			t.Errorf("Best(%q, %v) = %s %v %s, want %s %v %s", tt.name, tt.ctx, p.Name, p.Kind, p.CountryCode, tt.wantName, tt.wantKind, tt.wantCC)
		}
		if tt.wantKind != Region && (!p.HasGeo || p.ID == 0) {
			t.Errorf("Best(%q) = %+v: want coordinates and a GeoNames id", tt.name, p)
		}
	}
}

func TestLookupMissing(t *testing.T) {
	g := defaultGazetteer(t)
	for _, name := range []string{"", "Xyzzyville", "Iraqi", "ISIS", "Islamic State", "White House", "Pentagon", "Google"} {
		if cs := g.Lookup(name); cs != nil {
			t.Errorf("Lookup(%q) = %s ..., want nothing", name, cs[0].Name)
		}
	}
}

func TestDemonym(t *testing.T) {
	g := defaultGazetteer(t)
	tests := []struct {
		word   string
		wantCC string
		wantOK bool
	}{
		{"Iraqi", "IQ", true},
		{"Indonesians", "ID", true},
		{"American", "US", true},
		{"British", "GB", true},
		{"Syrians", "SY", true},
		{"Brazilian", "BR", true},
		{"Malian", "ML", true},
		{"Europeans", "", true},
		{"Syria", "", false},
		{"Jakarta", "", false},
		{"Obama", "", false},
	}
	for _, tt := range tests {
		cc, ok := g.Demonym(tt.word)
		if cc != tt.wantCC || ok != tt.wantOK {
			t.Errorf("Demonym(%q) = %q, %v, want %q, %v", tt.word, cc, ok, tt.wantCC, tt.wantOK)
		}
	}
}

// No demonym may hide a country or a very large city of the same name
// (demonyms are checked first; "Somali" and "Latina" are places too but are
// far more often the adjective).
func TestDemonymsAreNotPlaces(t *testing.T) {
	g := defaultGazetteer(t)
	for w := range g.demonyms {
		for _, c := range g.Lookup(w) {
			if !c.Alias && (c.Kind == Country || c.Population > 2000000) {
				t.Errorf("demonym %q is also the place %s (%s, %d)", w, c.Name, c.CountryCode, c.Population)
			}
		}
	}
}

func TestLoadErrors(t *testing.T) {
	gz := func(s string) []byte {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		w.Write([]byte(s))
		w.Close()
		return b.Bytes()
	}
	tests := []struct {
		name string
		in   []byte
	}{
		{"not gzip", []byte("C\t1\tX")},
		{"columns", gz("C\t1\tX\n")},
		{"kind", gz("Q\t1\tX\tXX\t\t1\t2\t0\t\t\n")},
		{"lat", gz("C\t1\tX\tXX\t\t91\t2\t0\t\t\n")},
		{"id", gz("C\tx\tX\tXX\t\t1\t2\t0\t\t\n")},
		{"empty", gz("# only a comment\n")},
	}
	for _, tt := range tests {
		_, err := Load(bytes.NewReader(tt.in))
		if err == nil {
			t.Errorf("%s: Load succeeded, want error", tt.name)
			continue
		}
		if tt.name != "not gzip" && !errors.Is(err, ErrFormat) {
			t.Errorf("%s: error %v does not wrap ErrFormat", tt.name, err)
		}
	}
}

func TestLoadSmall(t *testing.T) {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte("# test\nC\t10\tFreedonia\tFD\t\t1.5\t2.5\t1000\tPCLI\tFree|FD\nP\t11\tFreeport\tFD\t01\t1.6\t2.6\t50000\tPPLC\t\nD\t0\tFreedonian\tFD\t\t\t\t0\t\t\n"))
	w.Close()
	g, err := Load(&b)
	if err != nil {
		t.Fatal(err)
	}
	if g.Len() != 2 {
		t.Errorf("Len = %d, want 2", g.Len())
	}
	p, ok := g.Best("F.D.", nil)
	if !ok || p.Name != "Freedonia" || p.Lat != 1.5 || p.Lon != 2.5 || p.ID != 10 {
		t.Errorf("Best(F.D.) = %+v, %v", p, ok)
	}
	if cc, ok := g.Demonym("freedonian"); !ok || cc != "FD" {
		t.Errorf("Demonym(freedonian) = %q, %v", cc, ok)
	}
	if c, ok := g.Country("FD"); !ok || c.Name != "Freedonia" {
		t.Errorf("Country(FD) = %v, %v", c, ok)
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"U.S.", "São Paulo", "the the", "Ǆ", "\xff", "-- -"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if Normalize(n) != n {
			t.Errorf("Normalize not idempotent: %q -> %q -> %q", s, n, Normalize(n))
		}
	})
}
