package store

import (
	"fmt"
	"io/fs"

	"github.com/newsfind/newsfind/data"
)

// A zstd dictionary for stored documents.
//
// zstd compresses each stored document alone (zap reads them one at a
// time), and a 2 KB article alone compresses poorly: the words and the
// JSON keys of the extraction are new to every frame. A dictionary trained
// on news gives every frame the common strings to refer to. It is trained
// by `newsfind train-dict` (make dict) from Wikinews and shipped in
// data/models. It also compresses zap's doc-value chunks (snappy blocks
// too, transformStoredDoc).
//
// Segments written with it read only with it: a new dictionary (make dict
// after the extraction changed) needs a new StoredDictID and hook id, and
// the old dictionary kept for the decoder. TestShippedStoredDict pins it.

// StoredDictID is the id of the dictionary's frames (zstd records it in
// each frame; ids under 32,768 and from 2^31 are reserved).
const StoredDictID = 0x4e460001

// storedDictPath is the dictionary in data.FS.
const storedDictPath = "models/stored.zdict"

// maxDictHistory bounds the dictionary's content.
const maxDictHistory = 110 << 10

// storedDict is the shipped dictionary; the encoder of stored documents
// and the decoder of every piece use it.
var storedDict = mustReadStoredDict()

func mustReadStoredDict() []byte {
	b, err := fs.ReadFile(data.FS, storedDictPath)
	if err != nil {
		panic(fmt.Sprintf("store: the binary has no %s (run make dict): %v", storedDictPath, err))
	}
	return b
}

// TrainStoredDict builds a dictionary from samples of stored documents
// (each the concatenated values of an article's stored fields).
func TrainStoredDict(samples [][]byte) ([]byte, error) {
	var contents [][]byte
	for _, s := range samples {
		if len(s) < 8 {
			continue
		}
		// The builder fails on samples longer than a zstd block.
		contents = append(contents, s[:min(len(s), 64<<10)])
	}
	d, err := buildDict(StoredDictID, contents, maxDictHistory, len(contents))
	if err != nil {
		return nil, fmt.Errorf("train dictionary: %w", err)
	}
	return d, nil
}
