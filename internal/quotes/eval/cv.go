package eval

import (
	"github.com/newsfind/newsfind/internal/quotes"
	"github.com/newsfind/newsfind/schema"
)

// Examples converts gold articles to training examples for quotes.Train:
// every attribution with a cue span.
func Examples(docs []Doc) []quotes.Example {
	exs := make([]quotes.Example, len(docs))
	for i, d := range docs {
		exs[i].Text = d.Text
		for _, g := range d.Quotes {
			if g.CueStart == nil || g.CueEnd == nil || *g.CueEnd <= *g.CueStart {
				continue
			}
			exs[i].Attributions = append(exs[i].Attributions, quotes.ExampleAttribution{
				CueStart: *g.CueStart, CueEnd: *g.CueEnd, Start: g.Start, End: g.End,
			})
		}
	}
	return exs
}

// Fold is the fold (0 … k-1) of document i in k-fold cross-validation:
// documents are dealt round-robin in file order, so folds are fixed for a
// file and never split a document.
func Fold(i, k int) int { return i % k }

// CrossValidate scores the quote extractor by k-fold document-level
// cross-validation: for each fold, a cue model is trained on the other
// folds' gold (with opt) and the fold's articles are extracted with it.
// ents[i] are the entities of docs[i] from the full pipeline (the quote
// extractor uses them to name speakers). It returns the fold predictions
// in document order, to be scored together with Score.
func CrossValidate(docs []Doc, ents [][]schema.Entity, k int, opt quotes.TrainOptions) [][]schema.Quote {
	if k < 2 {
		k = 2
	}
	exs := Examples(docs)
	preds := make([][]schema.Quote, len(docs))
	for f := 0; f < k; f++ {
		var train []quotes.Example
		for i := range exs {
			if Fold(i, k) != f {
				train = append(train, exs[i])
			}
		}
		x := quotes.NewWithModel(quotes.Train(train, opt))
		for i := range docs {
			if Fold(i, k) != f {
				continue
			}
			var e []schema.Entity
			if i < len(ents) {
				e = ents[i]
			}
			preds[i] = x.Extract(docs[i].Text, nil, nil, e)
		}
	}
	return preds
}
