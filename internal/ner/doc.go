// Package ner finds names of people (PER), places (LOC), organisations (ORG)
// and other proper names (MISC) in tokenized English news.
//
// The tagger is a first-order linear-chain model over BIOES labels, trained
// as an averaged structured perceptron on CoNLL-2003 and decoded with
// Viterbi. Its features are the word and its neighbours, shape, affixes,
// capitalisation in context, document-level evidence (how the same word is
// written elsewhere in the text), GeoNames and training-derived name lists,
// and word clusters learned from unlabelled news (see Train and
// LearnClusters). Every feature is a 64-bit hash, so tagging allocates
// little and the model stores no text.
//
// Default loads the model embedded in package data once; a Tagger is safe for
// concurrent use.
package ner
