// Package sampletest reads the shipped sample corpus,
// data/sample/wikinews.jsonl.gz (294 Wikinews articles, CC BY 2.5), for
// tests of any package: real news text, read the same way everywhere.
// Import it from tests only.
package sampletest

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
)

// Article is one line of the sample.
type Article struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Date   string `json:"date"`
	URL    string `json:"url"`
	Body   string `json:"body"`
	Source string `json:"source"`
}

// Path is the sample's file, wherever the test runs from.
func Path() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "data", "sample", "wikinews.jsonl.gz")
}

var (
	once     sync.Once
	articles []Article
	readErr  error
)

// Articles returns the sample's articles in file order, read once per
// test binary; the slice is the caller's own.
func Articles(t testing.TB) []Article {
	t.Helper()
	once.Do(func() { articles, readErr = read(Path()) })
	if readErr != nil {
		t.Fatalf("sample corpus: %v", readErr)
	}
	return slices.Clone(articles)
}

func read(path string) ([]Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []Article
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 16<<20)
	for line := 1; sc.Scan(); line++ {
		var a Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}
