package store

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/golang/snappy"
	"github.com/klauspost/compress/zstd"
)

// testStoredFields is an article's stored fields as zap keeps them, written
// for this test (not from the dictionary's training data).
const testStoredFields = `Finance ministers meet as oil prices fall for a third week` +
	`Finance ministers from the world's largest economies met on Tuesday as oil prices fell for a third ` +
	`straight week, raising concerns about growth in exporting countries. "We are watching the markets ` +
	`closely," the minister said after the talks. Analysts said the decline reflected weaker demand in ` +
	`Europe and Asia, while production in the United States remained close to record levels. The central ` +
	`bank is expected to keep interest rates unchanged at its meeting next month, according to a statement ` +
	`released by the government on Monday.` +
	`https://example.org/news/2026/finance-ministers` + `example` + `2026-03-03T10:00:00.000000000Z` +
	`Europe` + `Asia` + `United States` +
	`{"e":[[2,"Europe",[328,6]],[2,"Asia",[339,4]],[2,"United States",[369,13]]],"q":[[204,37,1,"said",""]]}`

func storedDocPiece(id string) []byte {
	return append([]byte(id), snappy.Encode(nil, []byte(testStoredFields))...)
}

// TestStoredDict: stored documents are written with the shipped
// dictionary, smaller than without it, and read back.
func TestStoredDict(t *testing.T) {
	piece := storedDocPiece("example-1")
	p := compressPiece(piece)
	if p[0]>>2 != transformStoredDoc {
		t.Fatalf("piece kind %d: not a stored document", p[0])
	}
	frame := p[1:]
	if p[0]&3 == containerZstdPadded {
		t.Fatal("the test document compressed to a padded frame: make it longer")
	}
	var h zstd.Header
	if err := h.Decode(frame); err != nil {
		t.Fatal(err)
	}
	if h.DictionaryID != StoredDictID {
		t.Errorf("frame written with dictionary %#x, want %#x", h.DictionaryID, StoredDictID)
	}
	out, err := decompressPiece(p)
	if err != nil || !bytes.Equal(out, piece) {
		t.Fatalf("round trip: %v, equal %v", err, bytes.Equal(out, piece))
	}
	plain, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault))
	if err != nil {
		t.Fatal(err)
	}
	t0, _ := encodeStoredDoc(piece)
	if without := len(plain.EncodeAll(t0, nil)); len(frame) >= without {
		t.Errorf("with the dictionary %d bytes, without %d", len(frame), without)
	}
}

// TestShippedStoredDict pins the shipped dictionary: segments written with
// it (hooks newsfind-zstd-4 and later) read only with these bytes. A new dictionary
// needs a new StoredDictID and hook id, and this one kept for reading.
func TestShippedStoredDict(t *testing.T) {
	const want = "e5f93e8645027c420de9eb83550be7c1f4108d2dd88a388dc955e46cc1a75268"
	if got := fmt.Sprintf("%x", sha256.Sum256(storedDict)); got != want {
		t.Errorf("data/models/stored.zdict changed (sha256 %s): indexes written with the old one would not read", got)
	}
}

func TestTrainStoredDict(t *testing.T) {
	if _, err := TrainStoredDict(nil); err == nil {
		t.Error("a dictionary from no samples")
	}
	r := rand.New(rand.NewPCG(23, 24))
	// First, a sample longer than a zstd block: the builder fails on it
	// uncut.
	samples := [][]byte{bytes.Repeat([]byte("x"), 200<<10)}
	for i := range 200 {
		samples = append(samples, []byte(fmt.Sprintf("id-%d", i)+newsArticle(r, "a", 300).Body))
	}
	d, err := TrainStoredDict(samples)
	if err != nil {
		t.Fatal(err)
	}
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderDict(d))
	if err != nil {
		t.Fatal(err)
	}
	dec, err := zstd.NewReader(nil, zstd.WithDecoderDicts(d))
	if err != nil {
		t.Fatal(err)
	}
	in := []byte(newsArticle(r, "b", 300).Body)
	z := enc.EncodeAll(in, nil)
	var h zstd.Header
	if err := h.Decode(z); err != nil || h.DictionaryID != StoredDictID {
		t.Errorf("dictionary id %#x, %v", h.DictionaryID, err)
	}
	if out, err := dec.DecodeAll(z, nil); err != nil || !bytes.Equal(out, in) {
		t.Errorf("round trip: %v", err)
	}
}
