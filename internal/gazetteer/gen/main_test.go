package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestGoodAlt(t *testing.T) {
	tests := []struct {
		alt  string
		want bool
	}{
		{"Bombay", true},
		{"Washington D.C.", true},
		{"U.S.", true},
		{"BOM", false},            // IATA code
		{"mumbai", false},         // lower-case transliteration
		{"Мумбаи", false},         // not Latin
		{"Ga-no-no", false},       // syllables
		{"Port-au-Prince", false}, // alternates only; primary names are never filtered
		{"Saint-Denis", true},
		{"New York 2", false},
		{strings.Repeat("A", 41), false},
	}
	for _, tt := range tests {
		if got := goodAlt(tt.alt); got != tt.want {
			t.Errorf("goodAlt(%q) = %v, want %v", tt.alt, got, tt.want)
		}
	}
}

func TestSimilar(t *testing.T) {
	tests := []struct {
		alt, name string
		want      bool
	}{
		{"Kiev", "Kyiv", false},
		{"Sao Paulo", "São Paulo", true},
		{"Djakarta", "Jakarta", false},
		{"Jakarte", "Jakarta", true},
		{"Google", "Topeka", false},
		{"Milan", "Syracuse", false},
	}
	for _, tt := range tests {
		if got := similar(tt.alt, tt.name); got != tt.want {
			t.Errorf("similar(%q, %q) = %v, want %v", tt.alt, tt.name, got, tt.want)
		}
	}
}

func TestRegularDemonym(t *testing.T) {
	tests := map[string]string{
		"Syria": "Syrian", "Iraq": "Iraqi", "Pakistan": "Pakistani", "Brazil": "Brazilian",
		"Mali": "Malian", "Chile": "Chilean", "Italy": "Italian", "Uruguay": "Uruguayan",
		"Ukraine": "Ukrainian", "Mexico": "", "Bahamas": "", "Trinidad and Tobago": "", "Iceland": "",
	}
	for in, want := range tests {
		if got := regularDemonym(in); got != want {
			t.Errorf("regularDemonym(%q) = %q, want %q", in, got, want)
		}
	}
}

// write is deterministic and produces the documented ten columns.
func TestWrite(t *testing.T) {
	commonWords = map[string]bool{"central": true}
	countries := []country{{cc: "FD", name: "Freedonia", pop: 1000, id: 10}}
	admins := []admin1{{key: "FD.01", name: "North", id: 11}}
	cities := []city{
		{id: 12, name: "Freeport", ascii: "Freeport", alts: []string{"Central", "Frieport", "FRP", "Старый"}, lat: 1.5, lon: 2.25, fcode: "PPLC", cc: "FD", adm1: "01", pop: 200000},
		{id: 13, name: "Smallton", ascii: "Smallton", alts: []string{"Bigtown"}, lat: 1.0, lon: 2.0, fcode: "PPL", cc: "FD", adm1: "01", pop: 20000},
	}
	var a, b bytes.Buffer
	write(&a, countries, admins, cities)
	write(&b, countries, admins, cities)
	if a.String() != b.String() {
		t.Fatal("write is not deterministic")
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(a.String()), "\n") {
		if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "R\t") || strings.HasPrefix(line, "D\t") {
			continue
		}
		if n := len(strings.Split(line, "\t")); n != 10 {
			t.Errorf("%d columns in %q", n, line)
		}
		got = append(got, line)
	}
	want := []string{
		"C\t10\tFreedonia\tFD\t\t1.5000\t2.2500\t1000\tPCLI\t",
		"A\t11\tNorth\tFD\t01\t1.5000\t2.2500\t220000\tADM1\t",
		"P\t12\tFreeport\tFD\t01\t1.5000\t2.2500\t200000\tPPLC\tFrieport",
		"P\t13\tSmallton\tFD\t01\t1.0000\t2.0000\t20000\tPPL\t",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if !strings.Contains(a.String(), "D\t0\tFreedonian\tFD\t") {
		t.Errorf("no demonym row for Freedonia")
	}
}
