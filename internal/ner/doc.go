// Package ner finds names of people (PER), places (LOC), organisations (ORG)
// and other proper names (MISC) in tokenized English news.
//
// The tagger is a two-pass, first-order linear-chain model over BIOES
// labels, trained as an averaged structured perceptron on CoNLL-2003 and
// decoded with Viterbi. Pass 1 uses local features: the word and its
// neighbours, shape, affixes, capitalisation in context, how the word is
// written elsewhere in the document, the contexts of its other occurrences,
// GeoNames, person-title and training-derived name lists, and word clusters
// learned from unlabelled news (see Train and LearnClustersFromDir). Pass 2
// adds how pass 1 labelled the other occurrences of each word in the
// document. Every feature is a 64-bit hash looked up in a compact table, so
// tagging allocates little and the model stores no text.
//
// Tagging is fast without changing a score: weights are integers, so partial
// sums can be cached and added in any order. A word cache (wordcache.go)
// keeps, per distinct word, the summed rows of the features that look at
// the word alone or at it as a neighbour; a combo cache does the same for
// shape and position features; the rest are looked up per token. Viterbi
// (viterbi.go) is unrolled for the BIOES constraints and skips predecessors
// that provably cannot win. The caches live in per-call scratch space that
// is reused (one per concurrent caller, about 9 MB when full) and keep their
// words across documents. The golden test pins the output, and the
// equivalence tests compare the fast path with the plain feature-by-feature
// computation that training uses.
//
// Default loads the model embedded in package data once; a Tagger is safe for
// concurrent use. Tag works on tokenize output; TagWords and TagDocument on
// CoNLL-style words. Typographic quotes, apostrophes and dashes are mapped to
// the ASCII forms of the training data, and the ordinary words of title-case
// headlines are lower-cased before tagging.
package ner
