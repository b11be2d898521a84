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
// Default loads the model embedded in package data once; a Tagger is safe for
// concurrent use. Tag works on tokenize output; TagWords and TagDocument on
// CoNLL-style words. Typographic quotes, apostrophes and dashes are mapped to
// the ASCII forms of the training data, and the ordinary words of title-case
// headlines are lower-cased before tagging.
package ner
