package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const conllFixture = `-DOCSTART- -X- O O

EU NNP I-NP I-ORG
rejects VBZ I-VP O
German JJ I-NP I-MISC
call NN I-NP O
to TO I-VP O
boycott VB I-VP O
British JJ I-NP I-MISC
lamb NN I-NP O
. . O O

Peter NNP I-NP I-PER
Blackburn NNP I-NP I-PER

BRUSSELS NNP I-NP I-LOC
1996-08-22 CD I-NP O
`

func TestTagAndEvalNER(t *testing.T) {
	dir := t.TempDir()
	gold := filepath.Join(dir, "gold.txt")
	if err := os.WriteFile(gold, []byte(conllFixture), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code := newsfind(t, "tag", "--conll", gold)
	if code != 0 {
		t.Fatalf("tag: exit %d: %s", code, errs)
	}
	inLines := strings.Split(strings.TrimRight(conllFixture, "\n"), "\n")
	outLines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(outLines) != len(inLines) {
		t.Fatalf("tag printed %d lines, input has %d:\n%s", len(outLines), len(inLines), out)
	}
	for i, in := range inLines {
		o := outLines[i]
		if in == "" || strings.HasPrefix(in, "-DOCSTART-") {
			if o != in {
				t.Errorf("line %d: %q, want it kept as %q", i+1, o, in)
			}
			continue
		}
		f := strings.Fields(o)
		if !strings.HasPrefix(o, in+" ") || len(f) != 5 || !isNERTag(f[4]) {
			t.Errorf("line %d: %q, want %q plus a predicted tag", i+1, o, in)
		}
	}
	tagged := filepath.Join(dir, "tagged.txt")
	if err := os.WriteFile(tagged, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	// scoring the tag output and scoring the gold file directly agree
	fromTagged, errs, code := newsfind(t, "eval", "ner", tagged)
	if code != 0 {
		t.Fatalf("eval ner tagged: exit %d: %s", code, errs)
	}
	fromGold, errs, code := newsfind(t, "eval", "ner", gold)
	if code != 0 {
		t.Fatalf("eval ner gold: exit %d: %s", code, errs)
	}
	if fromTagged != fromGold {
		t.Errorf("eval of tag output:\n%s\ndiffers from eval of gold file:\n%s", fromTagged, fromGold)
	}
	if !strings.Contains(fromGold, "tokens 13 gold spans 5") || !strings.Contains(fromGold, "overall F1") {
		t.Errorf("eval output:\n%s", fromGold)
	}
}

func TestEvalNERPerfectAndErrors(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "gp.txt")
	// GOLD PRED columns, IOB1 gold and IOB2 predictions for the same spans
	data := "a X I-PER B-PER\nb X I-PER I-PER\nc X O O\nd X I-LOC B-LOC\n\ne X I-ORG B-MISC\n"
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code := newsfind(t, "eval", "ner", p)
	if code != 0 {
		t.Fatalf("eval: exit %d: %s", code, errs)
	}
	for _, want := range []string{"PER    P 100.00 R 100.00 F1 100.00", "ORG    P   0.00 R   0.00 F1   0.00", "overall F1 66.67 (P 66.67 R 66.67)"} {
		if !strings.Contains(out, want) {
			t.Errorf("eval output lacks %q:\n%s", want, out)
		}
	}
	if _, _, code := newsfind(t, "eval", "ner"); code != 2 {
		t.Errorf("eval ner without a file: exit %d, want 2", code)
	}
	if _, errs, code := newsfind(t, "eval", "ner", filepath.Join(dir, "missing.txt")); code != 1 || !strings.Contains(errs, "missing.txt") {
		t.Errorf("eval ner missing file: exit %d, stderr %q", code, errs)
	}
}

func TestTagText(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.txt")
	if err := os.WriteFile(p, []byte("“We will win,” Barack Obama told reporters in Jakarta."), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code := newsfind(t, "tag", "--text", p)
	if code != 0 {
		t.Fatalf("tag --text: exit %d: %s", code, errs)
	}
	for _, want := range []string{"PER\t15\t27\tBarack Obama", "LOC\t46\t53\tJakarta"} {
		if !strings.Contains(out, want) {
			t.Errorf("tag --text output lacks %q:\n%s", want, out)
		}
	}
}
