package entities

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/newsfind/newsfind/internal/ner"
	"github.com/newsfind/newsfind/internal/tokenize"
)

func TestDumpCorpus(t *testing.T) {
	f, err := os.Open(os.Getenv("CORPUS"))
	if err != nil {
		t.Skip(err)
	}
	zr, _ := gzip.NewReader(f)
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<24)
	tg, err := ner.Default()
	if err != nil {
		t.Fatal(err)
	}
	r := resolver(t)
	n := 0
	var dur time.Duration
	var chars int
	for sc.Scan() && n < 40 {
		var a struct{ Title, Body string }
		json.Unmarshal(sc.Bytes(), &a)
		text := a.Title + "\n" + a.Body
		toks := tokenize.Tokenize(text)
		sents := tokenize.Sentences(text, toks)
		spans := tg.Tag(toks, sents)
		st := time.Now()
		ents := r.Resolve(text, toks, sents, spans)
		dur += time.Since(st)
		chars += len(text)
		n++
		if n > 12 {
			continue
		}
		t.Logf("=== %s", a.Title)
		for _, l := range summary(ents) {
			if len(l) > 200 {
				l = l[:200]
			}
			t.Log(l)
		}
		_ = strings.TrimSpace
	}
	t.Logf("%d docs, avg %d chars, resolve avg %v", n, chars/n, dur/time.Duration(n))
}
