package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/newsfind/newsfind/internal/ner"
	"github.com/newsfind/newsfind/internal/quotes"
	qeval "github.com/newsfind/newsfind/internal/quotes/eval"
)

func init() {
	register(command{name: "train", summary: "train the NER model (CoNLL-2003 + GeoNames + news word clusters)", run: runTrain})
}

func runTrain(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "quotes" {
		return runTrainQuotes(args[1:], stdout, stderr)
	}
	fs := newFlagSet("train", stderr)
	conll := fs.String("conll", "", "CoNLL-2003 training file (IOB1 or IOB2)")
	dev := fs.String("dev", "", "CoNLL dev file for early stopping (default: dev.txt beside --conll, if present)")
	news := fs.String("news", "", "directory of *.jsonl.gz news for word clusters (empty: no clusters)")
	geo := fs.String("geo", "", "GeoNames directory (default: ../gazetteer relative to --conll's directory)")
	out := fs.String("out", "data/models", "output directory (writes ner.gob.gz) or .gob.gz file")
	epochs := fs.Int("epochs", 15, "maximum training epochs")
	seed := fs.Uint64("seed", 1, "random seed")
	minCount := fs.Int("min-count", 1, "keep features seen at least this often")
	onePass := fs.Bool("one-pass", false, "train without the second, document-level pass")
	cache := fs.String("clusters-cache", "", "file to cache learned word clusters in (reused if present)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *conll == "" {
		fmt.Fprintln(stderr, "newsfind train: --conll is required")
		fs.Usage()
		return errUsage
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	docs, err := readCoNLLFile(*conll)
	if err != nil {
		return err
	}
	opt := ner.TrainOptions{Epochs: *epochs, Seed: *seed, MinCount: *minCount, TwoPass: !*onePass, Logger: log}
	if *dev == "" {
		if p := filepath.Join(filepath.Dir(*conll), "dev.txt"); fileExists(p) && p != *conll {
			*dev = p
		}
	}
	if *dev != "" {
		if opt.Dev, err = readCoNLLFile(*dev); err != nil {
			return err
		}
	}
	if *geo == "" {
		if p := filepath.Join(filepath.Dir(filepath.Dir(*conll)), "gazetteer"); fileExists(filepath.Join(p, "countryInfo.txt")) {
			*geo = p
		}
	}
	if *geo != "" {
		if opt.Geo, err = ner.LoadGeoNames(*geo); err != nil {
			return err
		}
		log.Info("train: gazetteer", "dir", *geo, "names", opt.Geo.Names)
	}
	if *news != "" {
		if opt.Clusters, err = ner.LearnClustersFromDir(ctx, *news, docs, *cache, log); err != nil {
			return err
		}
	}
	model, info, err := ner.Train(docs, opt)
	if err != nil {
		return err
	}
	path := *out
	if !strings.HasSuffix(path, ".gz") {
		path = filepath.Join(path, "ner.gob.gz")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("output dir: %w", err)
	}
	if err := os.WriteFile(path, model, 0o644); err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %s (%d bytes): %v\n", path, len(model), info)
	return nil
}

// runTrainQuotes learns the quote extractor's cue model from PolNeAR-style
// gold: newsfind train quotes [-out FILE] GOLD.jsonl[.gz].
func runTrainQuotes(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("train quotes", stderr)
	out := fs.String("out", "data/models/quotes.tsv.gz", "output model `FILE` (.tsv or .tsv.gz)")
	minCues := fs.Int("min-cues", 2, "keep words that headed at least this many gold cues")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: newsfind train quotes [flags] GOLD.jsonl[.gz]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	docs, err := qeval.Load(fs.Arg(0))
	if err != nil {
		return err
	}
	m := quotes.Train(qeval.Examples(docs), quotes.TrainOptions{MinCues: *minCues})
	if err := m.Save(*out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: %d keys from %d articles\n", *out, m.Len(), len(docs))
	return nil
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// readCoNLLFile reads a CoNLL file, or stdin for "-".
func readCoNLLFile(path string) ([]ner.Document, error) {
	r, err := openInput(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	docs, err := ner.ReadCoNLL(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return docs, nil
}
