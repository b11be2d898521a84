package ner

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/newsfind/newsfind/internal/tokenize"
)

// Gazetteer is a set of place-name phrases (countries, cities, first-level
// administrative regions) used as tagger features.
type Gazetteer struct {
	set   *phraseSet
	Names int
}

// LoadGeoNames reads countryInfo.txt, cities15000.txt.gz and
// admin1CodesASCII.txt from a GeoNames directory.
func LoadGeoNames(dir string) (*Gazetteer, error) {
	g := &Gazetteer{set: newPhraseSet()}
	add := func(name string, list int) {
		toks := tokenize.Tokenize(name)
		if len(toks) == 0 || len(toks) > maxGazLen {
			return
		}
		hs := make([]uint64, len(toks))
		for i, t := range toks {
			hs[i] = hashLower(normWord(t.Text))
		}
		g.set.add(hs, list)
		g.Names++
	}
	type src struct {
		file string
		cols []int
		list int
	}
	for _, s := range []src{
		{"countryInfo.txt", []int{4}, gazCountry},
		{"cities15000.txt.gz", []int{1, 2}, gazCity},
		{"admin1CodesASCII.txt", []int{1, 2}, gazAdmin1},
	} {
		path := filepath.Join(dir, s.file)
		if err := eachTSV(path, func(f []string) {
			for _, c := range s.cols {
				if c < len(f) && f[c] != "" {
					add(f[c], s.list)
				}
			}
		}); err != nil {
			return nil, err
		}
	}
	return g, nil
}

func eachTSV(path string, fn func([]string)) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("ner: gazetteer: %w", err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return fmt.Errorf("ner: gazetteer %s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		fn(strings.Split(line, "\t"))
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("ner: gazetteer %s: %w", path, err)
	}
	return nil
}
