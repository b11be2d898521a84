package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/newsfind/newsfind/internal/ner"
)

func init() {
	registerEval(command{name: "ner", summary: "span-exact NER precision/recall/F1 (conlleval-style)", run: runEvalNER})
}

// runEvalNER scores a CoNLL file. If its lines end with GOLD PRED (the output
// of `newsfind tag --conll`), those are scored; otherwise the file is tagged
// with the model first and its last column is the gold tag.
func runEvalNER(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("eval ner", stderr)
	model := fs.String("model", "", "model file (default: the embedded model)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: newsfind eval ner [--model FILE] FILE   (FILE: CoNLL with gold tags, or tag output with GOLD PRED)")
		return errUsage
	}
	path := fs.Arg(0)
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	sc := ner.NewScore()
	if hasPredColumn(string(raw)) {
		if err := scoreGoldPred(string(raw), sc); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	} else {
		tg, err := loadTagger(*model)
		if err != nil {
			return err
		}
		docs, err := ner.ReadCoNLL(strings.NewReader(string(raw)))
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		sc = tg.Evaluate(docs)
	}
	printScore(stdout, sc)
	return nil
}

// hasPredColumn reports whether token lines end in two NER tag columns
// (GOLD PRED), judged on the first lines of the file. A plain CoNLL-2003 file
// ends in "chunk NER", and chunk tags (I-NP, B-VP) are not NER tags.
func hasPredColumn(s string) bool {
	seen := 0
	for _, l := range strings.SplitN(s, "\n", 500) {
		f := strings.Fields(l)
		if len(f) == 0 || f[0] == "-DOCSTART-" {
			continue
		}
		if len(f) < 3 || !isNERTag(f[len(f)-1]) || !isNERTag(f[len(f)-2]) {
			return false
		}
		seen++
	}
	return seen > 0
}

// isNERTag reports whether t is O or an IOB/BIOES tag of an entity type.
func isNERTag(t string) bool {
	if t == "O" {
		return true
	}
	if len(t) < 3 || t[1] != '-' || !strings.ContainsRune("BIES", rune(t[0])) {
		return false
	}
	switch t[2:] {
	case "PER", "LOC", "ORG", "MISC":
		return true
	}
	return false
}

func scoreGoldPred(s string, sc *ner.Score) error {
	var gold, pred []string
	for i, l := range strings.Split(s, "\n") {
		f := strings.Fields(l)
		if len(f) == 0 || f[0] == "-DOCSTART-" {
			sc.Add(gold, pred)
			gold, pred = gold[:0], pred[:0]
			continue
		}
		if len(f) < 3 {
			return fmt.Errorf("line %d: want at least 3 columns (word ... GOLD PRED), got %d", i+1, len(f))
		}
		gold = append(gold, f[len(f)-2])
		pred = append(pred, f[len(f)-1])
	}
	sc.Add(gold, pred)
	return nil
}

func printScore(w io.Writer, sc *ner.Score) {
	types := map[string]bool{}
	for t := range sc.Gold {
		types[t] = true
	}
	for t := range sc.Pred {
		types[t] = true
	}
	for _, t := range sortedKeys(types) {
		p, r, f := sc.PRF(t)
		fmt.Fprintf(w, "%-6s P %6.2f R %6.2f F1 %6.2f  gold %d pred %d\n", t, 100*p, 100*r, 100*f, sc.Gold[t], sc.Pred[t])
	}
	g := 0
	for _, v := range sc.Gold {
		g += v
	}
	p, r, f := sc.PRF("")
	fmt.Fprintf(w, "tokens %d gold spans %d\n", sc.Tokens, g)
	fmt.Fprintf(w, "overall F1 %.2f (P %.2f R %.2f)\n", 100*f, 100*p, 100*r)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
