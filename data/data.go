// Package data embeds what the newsfind binary needs at run time: the trained
// NER model and the place gazetteer. The sample corpus in data/sample is read
// from disk by `make run` and is not embedded.
package data

import "embed"

// FS holds models/ and gazetteer/.
//
//go:embed all:models all:gazetteer
var FS embed.FS
