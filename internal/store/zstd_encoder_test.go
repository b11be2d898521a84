package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/newsfind/newsfind/internal/sampletest"
)

// upstreamFrames are the SHA-256 of the frames TestDictEncoderReuse
// writes, as upstream klauspost/compress v1.20.1 writes them. The copy in
// third_party/klauspost-compress changes how a dictionary encoder resets
// between documents (its NEWSFIND.md), which must not change a byte.
var upstreamFrames = map[string]string{
	"production":   "edaeabfe5301064b886d7027a7dbbb71485feca7b2bfc58bedd49d31fd11ca77",
	"small window": "ba48a63eb858f1ae7275182cf38c24b901b40501c4022248204781a24e92259f",
}

// sampleBodies returns the bodies of the shipped sample's articles.
func sampleBodies(t *testing.T) [][]byte {
	t.Helper()
	var bodies [][]byte
	for _, a := range sampletest.Articles(t) {
		bodies = append(bodies, []byte(a.Body))
	}
	if len(bodies) < 200 {
		t.Fatalf("%d sample articles, want 200 or more", len(bodies))
	}
	return bodies
}

// TestDictEncoderReuse: the encoder of shard dictionaries (shardDictLevel),
// used for document after document as a merge uses it, writes each frame
// as a fresh encoder writes it, the frames decode to their documents, and
// they are upstream's frames byte for byte. Between the documents comes
// one longer than a zstd block; with a small window it is longer than the
// encoder's history too, which the encoder then moves down, over the
// dictionary's content, so the next document must copy that in again.
func TestDictEncoderReuse(t *testing.T) {
	bodies := sampleBodies(t)
	dict, err := buildDict(minDictID+1, bodies[100:], 256<<10, 50)
	if err != nil {
		t.Fatal(err)
	}
	text := bytes.Repeat(bytes.Join(bodies[100:], []byte("\n")), 2)
	for _, tc := range []struct {
		name string
		big  int // bytes of the long document
		opts []zstd.EOption
	}{
		{"production", 300 << 10, nil},
		{"small window", 1 << 20, []zstd.EOption{zstd.WithWindowSize(512 << 10)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			docs := append([][]byte{}, bodies[:50]...)
			docs = append(docs, text[:tc.big])
			docs = append(docs, bodies[50:100]...)
			newEncoder := func() *zstd.Encoder {
				opts := append([]zstd.EOption{zstd.WithEncoderLevel(shardDictLevel), zstd.WithLowerEncoderMem(true),
					zstd.WithEncoderDict(dict), zstd.WithEncoderConcurrency(1)}, tc.opts...)
				enc, err := zstd.NewWriter(nil, opts...)
				if err != nil {
					t.Fatal(err)
				}
				return enc
			}
			dec, err := zstd.NewReader(nil, zstd.WithDecoderDicts(dict), zstd.WithDecoderMaxMemory(4<<20))
			if err != nil {
				t.Fatal(err)
			}
			defer dec.Close()
			reused := newEncoder()
			sum := sha256.New()
			for i, doc := range docs {
				got := reused.EncodeAll(doc, nil)
				if want := newEncoder().EncodeAll(doc, nil); !bytes.Equal(got, want) {
					t.Errorf("document %d (%d bytes): %d bytes from the reused encoder, %d from a fresh one, or other bytes", i, len(doc), len(got), len(want))
				}
				back, err := dec.DecodeAll(got, nil)
				if err != nil || !bytes.Equal(back, doc) {
					t.Errorf("document %d (%d bytes) decodes to %d bytes, %v", i, len(doc), len(back), err)
				}
				sum.Write(got)
			}
			if got := hex.EncodeToString(sum.Sum(nil)); got != upstreamFrames[tc.name] {
				t.Errorf("frames' SHA-256 %s, upstream's %s", got, upstreamFrames[tc.name])
			}
		})
	}
}
