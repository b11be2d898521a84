package store

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/golang/snappy"
)

// locationChunk writes docs documents' locations of one term the way zap
// does: per document the byte length of its locations, then field,
// position, start, end and the array positions (count, then each) per
// location. The first document has 1-6 locations, others up to 60. As in
// text, a start moves about six bytes a position.
func locationChunk(r *rand.Rand, docs int, field uint64, arrayPositions []uint64) []byte {
	var out []byte
	for d := range docs {
		var locs []byte
		pos, start := uint64(0), uint64(0)
		n := 1 + r.IntN(6)
		if d > 0 && r.IntN(8) == 0 {
			n = 20 + r.IntN(40) // more than 127 bytes: a longer length prefix
		}
		for range n {
			step := 1 + uint64(r.IntN(400))
			pos += step
			start += 5*step + uint64(r.IntN(int(2*step)))
			for _, v := range []uint64{field, pos, start, start + 3 + uint64(r.IntN(9)), uint64(len(arrayPositions))} {
				locs = binary.AppendUvarint(locs, v)
			}
			for _, v := range arrayPositions {
				locs = binary.AppendUvarint(locs, v)
			}
		}
		out = binary.AppendUvarint(out, uint64(len(locs)))
		out = append(out, locs...)
	}
	return out
}

func TestLocationsTransform(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	good := locationChunk(r, 200, 3, nil)
	twoFields := append(locationChunk(r, 100, 3, nil), locationChunk(r, 100, 4, nil)...)
	nonMinimal := append([]byte{}, good...)
	// The first document's length as a two-byte varint: the same number,
	// bytes the inverse would not write back.
	n, k := binary.Uvarint(nonMinimal)
	if n >= 128 || k != 1 {
		t.Fatalf("first document's locations are %d bytes: the test needs fewer than 128", n)
	}
	if !hasLongDocument(good) {
		t.Fatal("no document's locations take 128 bytes or more: the test does not reach a two-byte length")
	}
	nonMinimal = append([]byte{byte(n) | 0x80, 0}, nonMinimal[1:]...)
	for _, tc := range []struct {
		name  string
		chunk []byte
		ok    bool
	}{
		{"one field", good, true},
		{"field 0", locationChunk(r, 200, 0, nil), true},
		{"documents without locations", append(append([]byte{0, 0}, good...), 0), true},
		{"array positions", locationChunk(r, 200, 3, []uint64{1}), false},
		{"two fields", twoFields, false},
		{"non-minimal varint", nonMinimal, false},
		{"truncated", good[:len(good)-1], false},
		{"text", bytes.Repeat([]byte("oil prices rise "), 100), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr, ok := encodeLocations(tc.chunk)
			if ok != tc.ok {
				t.Fatalf("transformed = %v, want %v", ok, tc.ok)
			}
			if ok {
				back, err := decodeLocations(tr)
				if err != nil || !bytes.Equal(back, tc.chunk) {
					t.Fatalf("inverse: %v, equal %v", err, bytes.Equal(back, tc.chunk))
				}
				if len(tr) >= len(tc.chunk)*3/4 {
					t.Errorf("transformed %d bytes into %d: want a quarter smaller at least", len(tc.chunk), len(tr))
				}
			}
			// The streams apply to the same chunks.
			var streams []byte
			if p, parsed := parseLocations(tc.chunk); parsed {
				streams, parsed = p.streams(tc.chunk)
				ok = parsed
			} else {
				ok = false
			}
			if ok != tc.ok {
				t.Fatalf("in streams = %v, want %v", ok, tc.ok)
			}
			if ok {
				back, err := decodeLocationStreams(streams)
				if err != nil || !bytes.Equal(back, tc.chunk) {
					t.Fatalf("streams inverse: %v, equal %v", err, bytes.Equal(back, tc.chunk))
				}
			}
			p := compressPiece(tc.chunk)
			if !tc.ok && len(tc.chunk) >= minZstdRawPiece && p[0] != pieceZstd {
				t.Errorf("a chunk no transform applies to written as kind %d, want zstd", p[0])
			}
			kind := p[0] >> 2
			if got := len(p) >= minCompressedPiece && (kind == transformLocations || kind == transformLocationStreams); got != tc.ok {
				t.Errorf("piece kind %d, transformed %v, want %v", p[0], got, tc.ok)
			}
			out, err := decompressPiece(p)
			if err != nil || !bytes.Equal(out, tc.chunk) {
				t.Fatalf("round trip: %v, equal %v", err, bytes.Equal(out, tc.chunk))
			}
		})
	}
	// Smaller than zstd alone, and in streams than interleaved.
	if z := len(zstdEncoder.EncodeAll(good, nil)); len(compressPiece(good)) >= z {
		t.Errorf("transformed piece %d bytes, zstd alone %d", len(compressPiece(good)), z)
	}
	interleaved, _ := encodeLocations(good)
	p, _ := parseLocations(good)
	streams, _ := p.streams(good)
	zi, zs := len(zstdEncoder.EncodeAll(interleaved, nil)), len(zstdEncoder.EncodeAll(streams, nil))
	if zs > zi*9/10 {
		t.Errorf("in streams %d bytes after zstd, interleaved %d: want a tenth smaller at least", zs, zi)
	}
	if p := compressPiece(good); p[0] != transformLocationStreams<<2|containerZstd {
		t.Errorf("a long chunk written as kind %d, want streams in zstd", p[0])
	}
}

// TestLocationStreamsShort: a chunk of a few locations, which zstd does
// not shrink, is written in the shorter of the two forms.
func TestLocationStreamsShort(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	var chose [2]int // interleaved, streams
	for range 300 {
		chunk := locationChunk(r, 1+r.IntN(3), 2, nil)
		interleaved, ok := encodeLocations(chunk)
		p, _ := parseLocations(chunk)
		streams, ok2 := p.streams(chunk)
		if !ok || !ok2 || len(chunk) < minCompressedPiece || len(interleaved) >= minZstdPiece || len(streams) >= minZstdPiece {
			continue
		}
		i := framePiece(transformLocations<<2|containerPlain, interleaved)
		st := framePiece(transformLocationStreams<<2|containerPlain, streams)
		want := i
		if len(st) < len(i) {
			want = st
		}
		if len(want) > len(chunk)-len(chunk)/16 {
			continue // written as it is
		}
		got := compressPiece(chunk)
		if len(got) != len(want) {
			t.Fatalf("chunk of %d bytes written in %d, want %d (interleaved %d, streams %d)", len(chunk), len(got), len(want), len(i), len(st))
		}
		if got[0]>>2 == transformLocationStreams {
			chose[1]++
		} else {
			chose[0]++
		}
		if back, err := decompressPiece(got); err != nil || !bytes.Equal(back, chunk) {
			t.Fatalf("round trip: %v", err)
		}
	}
	if chose[0] == 0 || chose[1] == 0 {
		t.Errorf("interleaved chosen %d times, streams %d: the test needs both", chose[0], chose[1])
	}
}

// storedMeta writes a stored document's metadata the way zap does: the
// _id's length, then per value field, type, start, length, the number of
// array positions and each. vals are (field, length) pairs; a field with
// several values in a row is a list (array positions 0, 1, ...).
func storedMeta(idLen uint64, vals ...[2]uint64) []byte {
	out := binary.AppendUvarint(nil, idLen)
	var curr uint64
	for i, v := range vals {
		inList := 0
		for j := i - 1; j >= 0 && vals[j][0] == v[0]; j-- {
			inList++
		}
		isList := inList > 0 || (i+1 < len(vals) && vals[i+1][0] == v[0])
		for _, x := range []uint64{v[0], 't', curr, v[1]} {
			out = binary.AppendUvarint(out, x)
		}
		if isList {
			out = binary.AppendUvarint(out, 1)
			out = binary.AppendUvarint(out, uint64(inList))
		} else {
			out = binary.AppendUvarint(out, 0)
		}
		curr += v[1]
	}
	return out
}

func TestStoredMetaTransform(t *testing.T) {
	// title, body, url, source, published, three speakers, two persons,
	// the stored extraction.
	article := storedMeta(19, [2]uint64{1, 48}, [2]uint64{2, 3100}, [2]uint64{3, 40}, [2]uint64{4, 12}, [2]uint64{5, 30},
		[2]uint64{6, 12}, [2]uint64{6, 14}, [2]uint64{6, 9}, [2]uint64{7, 12}, [2]uint64{7, 20}, [2]uint64{8, 1400})
	gap := binary.AppendUvarint(bytes.Clone(article[:len(article)-6]), 9999) // the last value's start off the sum
	otherPosition := bytes.Clone(article)
	otherPosition[bytes.LastIndex(otherPosition, []byte{1, 1})+1] = 5 // a list value at array position 5, not 1
	nonMinimal := append([]byte{19 | 0x80, 0}, article[1:]...)
	for _, tc := range []struct {
		name string
		meta []byte
		ok   bool
	}{
		{"article", article, true},
		{"one value", storedMeta(3, [2]uint64{1, 5}), true},
		{"array position not its index", otherPosition, true},
		{"two array positions", append(bytes.Clone(article), 1, 't', 9, 1, 2, 0, 0), false}, // start 9 is wrong too
		{"start not the sum", gap, false},
		{"non-minimal varint", nonMinimal, false},
		{"truncated", article[:len(article)-1], false},
		{"text", []byte("oil prices rise on tuesday"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr, ok := encodeStoredMeta(tc.meta)
			if ok != tc.ok {
				t.Fatalf("transformed = %v, want %v", ok, tc.ok)
			}
			if !ok {
				return
			}
			back, err := decodeStoredMeta(tr)
			if err != nil || !bytes.Equal(back, tc.meta) {
				t.Fatalf("inverse: %v, equal %v", err, bytes.Equal(back, tc.meta))
			}
			p := compressPiece(tc.meta)
			if len(tc.meta) >= minCompressedPiece && p[0]>>2 != transformStoredMeta {
				t.Errorf("piece kind %d, want the metadata transform", p[0])
			}
			if out, err := decompressPiece(p); err != nil || !bytes.Equal(out, tc.meta) {
				t.Fatalf("round trip: %v", err)
			}
		})
	}
	// The starts and list positions dropped: a third smaller.
	if tr, _ := encodeStoredMeta(article); len(tr) > len(article)*2/3 {
		t.Errorf("metadata of %d bytes transformed into %d: want a third smaller", len(article), len(tr))
	}
	// A value's array positions: two (kept), and one given explicitly.
	twoPositions := append(storedMeta(4, [2]uint64{1, 5}), 2, 't', 5, 3, 2, 7, 8)
	if tr, ok := encodeStoredMeta(twoPositions); !ok {
		t.Error("metadata with two array positions not transformed")
	} else if back, err := decodeStoredMeta(tr); err != nil || !bytes.Equal(back, twoPositions) {
		t.Errorf("two array positions: inverse %v", err)
	}
}

func TestStoredDocTransform(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	fields := []byte(newsArticle(r, "a1", 600).Body)
	doc := func(id string, data []byte) []byte {
		return append([]byte(id), snappy.Encode(nil, data)...)
	}
	// A snappy block of literals only: valid, decodes to fields, but
	// snappy.Encode writes another block for them.
	var literals []byte
	literals = binary.AppendUvarint(literals, uint64(len(fields)))
	for rest := fields; len(rest) > 0; {
		n := min(len(rest), 60)
		literals = append(literals, byte(n-1)<<2)
		literals = append(literals, rest[:n]...)
		rest = rest[n:]
	}
	if d, err := snappy.Decode(nil, literals); err != nil || !bytes.Equal(d, fields) {
		t.Fatalf("the literal block does not decode: %v", err)
	}
	for _, tc := range []struct {
		name  string
		piece []byte
		ok    bool
	}{
		{"article", doc("reuters21578-9562~1", fields), true},
		{"empty id", doc("", fields), true},
		{"long id", doc(string(bytes.Repeat([]byte("x"), 900)), fields), true},
		{"id longer than the scan", doc(string(bytes.Repeat([]byte("x"), maxStoredIDScan+1)), fields), false},
		{"block snappy would write differently", append([]byte("a1"), literals...), false},
		{"not snappy", fields, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, ok := encodeStoredDoc(tc.piece)
			if ok != tc.ok {
				t.Fatalf("transformed = %v, want %v", ok, tc.ok)
			}
			p := compressPiece(tc.piece)
			if got := p[0]>>2 == transformStoredDoc; got != tc.ok {
				t.Errorf("piece kind %d, transformed %v, want %v", p[0], got, tc.ok)
			}
			out, err := decompressPiece(p)
			if err != nil || !bytes.Equal(out, tc.piece) {
				t.Fatalf("round trip: %v, equal %v", err, bytes.Equal(out, tc.piece))
			}
			if ok && len(p) >= len(zstdEncoder.EncodeAll(tc.piece, nil)) {
				t.Errorf("transformed piece %d bytes: no smaller than zstd over snappy", len(p))
			}
		})
	}
}

// TestSnappyEncoderStable pins snappy.Encode's output. A stored document
// is read back by encoding its fields again; zap only decodes that block,
// so other bytes would still read right, but a piece that merely looked
// like a stored document when it was written would not. If a new snappy
// version writes other bytes, indexes written before must be read with
// the old encoder.
func TestSnappyEncoderStable(t *testing.T) {
	in := bytes.Repeat([]byte("Oil prices rose on Tuesday, traders said. "), 20)
	got := snappy.Encode(nil, in)
	want, _ := hex.DecodeString("c806a84f696c2070726963657320726f7365206f6e20547565736461792c207472616465727320736169642e204ffe2a00fe2a00fe2a00fe2a00fe2a00fe2a00fe2a00fe2a00fe2a00fe2a00fe2a00fe2a00722a00")
	if !bytes.Equal(got, want) {
		t.Errorf("snappy.Encode writes other bytes than the version stored documents were written with:\n%#v", got)
	}
}

func FuzzLocations(f *testing.F) {
	r := rand.New(rand.NewPCG(13, 14))
	f.Add(locationChunk(r, 20, 3, nil))
	f.Add([]byte{0, 0})
	f.Add([]byte{3, 5, 1, 200, 1})
	f.Add(storedMeta(19, [2]uint64{1, 48}, [2]uint64{2, 3100}, [2]uint64{6, 12}, [2]uint64{6, 14}))
	f.Fuzz(func(t *testing.T, b []byte) {
		if tr, ok := encodeLocations(b); ok {
			back, err := decodeLocations(tr)
			if err != nil || !bytes.Equal(back, b) {
				t.Fatal("a transformed chunk does not come back")
			}
		}
		if p, ok := parseLocations(b); ok {
			tr, ok := p.streams(b)
			if ok {
				back, err := decodeLocationStreams(tr)
				if err != nil || !bytes.Equal(back, b) {
					t.Fatal("a chunk in streams does not come back")
				}
			}
			// Every chunk the interleaved form takes, the streams take too
			// (unless an increase is past what they hold).
			interleaved, interleavedOK := p.interleaved(b)
			small := !slices.ContainsFunc(p.dPos, func(v uint64) bool { return v > maxLocationStep }) &&
				!slices.ContainsFunc(p.dStart, func(v uint64) bool { return v > maxLocationStep })
			if interleavedOK && small && !ok {
				t.Fatal("a chunk transformed interleaved is not in streams")
			}
			if interleavedOK && p.interleavedLen() != len(interleaved) {
				t.Fatalf("interleavedLen %d, interleaved %d bytes", p.interleavedLen(), len(interleaved))
			}
		}
		if tr, ok := encodePostings(b); ok {
			back, err := decodePostings(tr)
			if err != nil || !bytes.Equal(back, b) {
				t.Fatal("a transformed bitmap does not come back")
			}
			rice, ok := encodePostingsRice(b, tr)
			if !ok {
				t.Fatal("a transformed bitmap is not Rice-coded")
			}
			if back, err := decodePostingsRice(rice); err != nil || !bytes.Equal(back, b) {
				t.Fatal("a Rice-coded bitmap does not come back")
			}
		}
		if tr, ok := encodeStoredMeta(b); ok {
			back, err := decodeStoredMeta(tr)
			if err != nil || !bytes.Equal(back, b) {
				t.Fatal("transformed metadata does not come back")
			}
		}
		decodeLocations(b) // any bytes: an error or a chunk, never a panic
		decodeLocationStreams(b)
		decodeStoredMeta(b)
		decodePostingsRice(b)
		decodeStoredDoc(b)
		decodePostings(b)
	})
}

// TestFormatOnePieces: segments written by the earlier hooks (pieces
// under their minimum raw, whatever their first byte; the first hook's
// kinds) read as they were written, and a kind a hook never wrote is
// refused.
func TestFormatOnePieces(t *testing.T) {
	// The formats as the hooks wrote them (not read from hookFormats, so
	// that a wrong entry there fails).
	for id, f := range map[string]hookFormat{
		"newsfind-zstd-1": {512, transformNone}, "newsfind-zstd-2": {64, transformPostings}, "newsfind-zstd-3": {16, transformPostings},
		"newsfind-zstd-4": {16, transformPostings}, "newsfind-zstd-5": {16, transformLocationStreams}, "newsfind-zstd-6": {16, transformStoredMeta},
		"newsfind-zstd-7": {16, transformPostingsRice},
	} {
		min := f.minPiece
		read, err := segmentReaderHook(id, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := read(append([]byte{(f.maxTransform + 1) << 2}, make([]byte, min)...)); !errors.Is(err, errBadPiece) {
			t.Errorf("%s: a piece of transform %d, which it never wrote: %v", id, f.maxTransform+1, err)
		}
		short := append([]byte{pieceRaw}, bytes.Repeat([]byte{9}, min-2)...)
		if out, err := read(short); err != nil || !bytes.Equal(out, short) {
			t.Errorf("%s: a piece of %d bytes: %v, changed %v", id, len(short), err, !bytes.Equal(out, short))
		}
		framed := append([]byte{pieceRaw}, bytes.Repeat([]byte{9}, min-1)...) // kind byte, then the piece
		if out, err := read(framed); err != nil || !bytes.Equal(out, framed[1:]) {
			t.Errorf("%s: a raw piece of %d bytes: %v, equal %v", id, len(framed), err, bytes.Equal(out, framed[1:]))
		}
	}
	read, err := segmentReaderHook("newsfind-zstd-1", nil)
	if err != nil {
		t.Fatal(err)
	}
	short := append([]byte{pieceZstd}, bytes.Repeat([]byte{9}, 300)...) // raw: shorter than 512
	if out, err := read(short); err != nil || !bytes.Equal(out, short) {
		t.Errorf("a 301-byte piece of the first format: %v, changed %v", err, !bytes.Equal(out, short))
	}
	body := []byte(newsArticle(rand.New(rand.NewPCG(1, 1)), "a", 800).Body)
	long := append([]byte{pieceZstd}, zstdEncoder.EncodeAll(body, nil)...)
	if len(long) < hookFormats["newsfind-zstd-1"].minPiece {
		t.Fatalf("frame of %d bytes: the test needs one of %d at least", len(long), hookFormats["newsfind-zstd-1"].minPiece)
	}
	if out, err := read(long); err != nil || !bytes.Equal(out, body) {
		t.Errorf("a zstd piece of the first format: %v, equal %v", err, bytes.Equal(out, body))
	}
	// A frame shorter than 512 bytes, padded: kind, frame length, frame, zeros.
	small := bytes.Repeat([]byte("oil prices "), 300)
	frame := zstdEncoder.EncodeAll(small, nil)
	padded := binary.AppendUvarint([]byte{pieceZstdPadded}, uint64(len(frame)))
	padded = append(padded, frame...)
	if len(padded) >= hookFormats["newsfind-zstd-1"].minPiece {
		t.Fatalf("frame of %d bytes: the test needs one shorter than %d", len(frame), hookFormats["newsfind-zstd-1"].minPiece)
	}
	padded = append(padded, make([]byte, hookFormats["newsfind-zstd-1"].minPiece-len(padded))...)
	if out, err := read(padded); err != nil || !bytes.Equal(out, small) {
		t.Errorf("a padded piece of the first format: %v, equal %v", err, bytes.Equal(out, small))
	}
	// A raw piece of 512 bytes or more: its kind byte, then the piece.
	raw := append([]byte{pieceRaw}, bytes.Repeat([]byte{5}, 700)...)
	if out, err := read(raw); err != nil || !bytes.Equal(out, raw[1:]) {
		t.Errorf("a raw piece of the first format: %v, equal %v", err, bytes.Equal(out, raw[1:]))
	}
}

// TestDecodedCapacity: decoded pieces are cached, and the cache counts
// their capacity; a piece decoded into a buffer of an encoder's bound
// (snappy's is the uncompressed length) would hold twice its length.
func TestDecodedCapacity(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	fields := []byte(newsArticle(r, "a", 600).Body)
	for name, piece := range map[string][]byte{
		"stored document": append([]byte("a-1"), snappy.Encode(nil, fields)...),
		"locations":       locationChunk(r, 300, 2, nil),
	} {
		p := compressPiece(piece)
		if p[0]>>2 == transformNone {
			t.Fatalf("%s: not transformed", name)
		}
		out, err := decompressPiece(p)
		if err != nil || !bytes.Equal(out, piece) {
			t.Fatalf("%s: round trip: %v", name, err)
		}
		if cap(out) > len(out)+len(out)/8 {
			t.Errorf("%s: decoded %d bytes with capacity %d", name, len(out), cap(out))
		}
	}
}

// BenchmarkPieceDecode: what a cache miss costs, by kind of piece: zstd
// alone (the first hook) against the transforms.
func BenchmarkPieceDecode(b *testing.B) {
	r := rand.New(rand.NewPCG(19, 20))
	doc := append([]byte("reuters21578-9562~1"), snappy.Encode(nil, []byte(newsArticle(r, "a", 500).Body))...)
	locs := locationChunk(r, 400, 2, nil)
	postings := roaring.New()
	for range 150 {
		postings.Add(r.Uint32N(100000))
	}
	bitmap, err := postings.ToBytes()
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		piece []byte
		kind  byte
	}{
		{"stored document/zstd", doc, pieceZstd},
		{"stored document/transformed", doc, transformStoredDoc<<2 | containerZstd},
		{"locations/zstd", locs, pieceZstd},
		{"locations/transformed", locs, transformLocations<<2 | containerZstd},
		{"locations/streams", locs, transformLocationStreams<<2 | containerZstd},
		{"postings/plain", bitmap, pieceRaw},
		{"postings/transformed", bitmap, transformPostings<<2 | containerPlain},
		{"postings/rice", bitmap, transformPostingsRice<<2 | containerPlain},
	} {
		var payload []byte
		switch tc.kind >> 2 {
		case transformNone:
			payload = zstdEncoder.EncodeAll(tc.piece, nil)
			if tc.kind == pieceRaw {
				payload = tc.piece
			}
		case transformStoredDoc:
			t, _ := encodeStoredDoc(tc.piece)
			payload = zstdStoredEncoder.EncodeAll(t, nil)
		case transformLocations:
			t, _ := encodeLocations(tc.piece)
			payload = zstdEncoder.EncodeAll(t, nil)
		case transformLocationStreams:
			p, _ := parseLocations(tc.piece)
			t, _ := p.streams(tc.piece)
			payload = zstdEncoder.EncodeAll(t, nil)
		case transformPostings:
			payload, _ = encodePostings(tc.piece)
		case transformPostingsRice:
			t, _ := encodePostings(tc.piece)
			payload, _ = encodePostingsRice(tc.piece, t)
		}
		// A zstd frame as the cache decodes it on a miss; a plain piece as
		// every read does (decompressPiece, no cache).
		decode := func() ([]byte, error) { return decodePiece(tc.kind, payload) }
		if tc.kind&3 == containerPlain {
			framed := framePiece(tc.kind, payload)
			decode = func() ([]byte, error) { return decompressPiece(framed) }
		}
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(tc.piece)))
			b.ReportMetric(float64(len(payload)), "stored-bytes")
			for b.Loop() {
				out, err := decode()
				if err != nil || len(out) != len(tc.piece) {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestPostingsTransform(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	bitmap := func(vals ...uint32) []byte {
		b, err := roaring.BitmapOf(vals...).ToBytes()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	spread := func(n int, max uint32) []byte {
		vals := make([]uint32, n)
		for i := range vals {
			vals[i] = r.Uint32N(max)
		}
		return bitmap(vals...)
	}
	full := make([]uint32, roaringMaxArray)
	for i := range full {
		full[i] = uint32(3 * i)
	}
	runs := roaring.New()
	runs.AddRange(1000, 3000)
	runs.Add(70000)
	runs.RunOptimize()
	withRuns, err := runs.ToBytes()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		piece []byte
		ok    bool
	}{
		{"one container", spread(40, 60000), true},
		{"dense", spread(200, 5000), true},
		{"several containers", spread(300, 400000), true},
		{"a full array container", bitmap(full...), true},
		{"a bitmap container", spread(5000, 65536), false},
		{"a run container", withRuns, false},
		{"not a bitmap", bytes.Repeat([]byte("oil "), 40), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr, ok := encodePostings(tc.piece)
			if ok != tc.ok {
				t.Fatalf("transformed = %v, want %v", ok, tc.ok)
			}
			if ok && len(tr) >= len(tc.piece) {
				t.Errorf("transformed %d bytes into %d", len(tc.piece), len(tr))
			}
			if ok {
				rice, riceOK := encodePostingsRice(tc.piece, tr)
				if !riceOK {
					t.Fatal("not Rice-coded")
				}
				back, err := decodePostingsRice(rice)
				if err != nil || !bytes.Equal(back, tc.piece) {
					t.Fatalf("Rice inverse: %v, equal %v", err, bytes.Equal(back, tc.piece))
				}
			}
			p := compressPiece(tc.piece)
			if got := p[0]>>2 == transformPostings || p[0]>>2 == transformPostingsRice; got != tc.ok {
				t.Errorf("piece kind %d, transformed %v, want %v", p[0], got, tc.ok)
			}
			out, err := decompressPiece(p)
			if err != nil || !bytes.Equal(out, tc.piece) {
				t.Fatalf("round trip: %v, equal %v", err, bytes.Equal(out, tc.piece))
			}
			if ok {
				if _, err := roaring.New().FromBuffer(out); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
	// Sparse bitmaps (a term in tens of 100,000 documents), which zstd
	// does not shrink, are Rice-coded: a tenth smaller at least. A long
	// one is not (zstd and the cache).
	for _, n := range []int{30, 60} {
		b := spread(n, 100000)
		tr, _ := encodePostings(b)
		if p := compressPiece(b); p[0]>>2 != transformPostingsRice || len(p) > len(framePiece(transformPostings<<2, tr))*9/10 {
			t.Errorf("%d documents: kind %d, %d bytes, where as uvarints %d", n, p[0], len(p), len(framePiece(transformPostings<<2, tr)))
		}
	}
	if p := compressPiece(spread(2000, 1000000)); p[0]>>2 == transformPostingsRice {
		t.Errorf("a bitmap of 2,000 documents Rice-coded (%d bytes)", len(p))
	}
	// Edge cases of the Rice code: one document, consecutive ones (k 0),
	// the largest gaps, a gap whose unary part is longer than a word.
	for _, vals := range [][]uint32{{7}, {1, 2, 3, 4, 5, 6}, {0, 1<<32 - 1}, {0, 1 << 31, 1<<31 + 1}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 5000}} {
		b := bitmap(vals...)
		tr, ok := encodePostings(b)
		if !ok {
			t.Fatalf("%v: not transformed", vals)
		}
		rice, ok := encodePostingsRice(b, tr)
		if !ok {
			t.Fatalf("%v: not Rice-coded", vals)
		}
		if back, err := decodePostingsRice(rice); err != nil || !bytes.Equal(back, b) {
			t.Errorf("%v: Rice inverse: %v", vals, err)
		}
	}
	for name, bad := range map[string][]byte{
		"Rice: no documents":   {0, 5, 3},
		"Rice: k over 31":      {2, 5, 32, 0xff},
		"Rice: unary runs off": {2, 5, 0, 0xff},
		"Rice: bytes after":    {2, 5, 0, 0, 0},
		"Rice: past 32 bits":   {2, 0xff, 0xff, 0xff, 0xff, 0x0f, 0, 0},
		"Rice: more than bits": {20, 5, 0, 0},
		"Rice: long unary":     {2, 5, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
	} {
		if _, err := decodePostingsRice(bad); err == nil {
			t.Errorf("%s: decoded", name)
		}
	}
	for name, bad := range map[string][]byte{
		"no documents":       {0},
		"a gap of 0":         {2, 5, 0},
		"past 32 bits":       {2, 0xff, 0xff, 0xff, 0xff, 0x0f, 1},
		"bytes after":        {1, 5, 7},
		"more than it holds": {9, 1},
		"a bitmap container": append(binary.AppendUvarint(nil, roaringMaxArray+1), bytes.Repeat([]byte{1}, roaringMaxArray+1)...),
	} {
		if _, err := decodePostings(bad); err == nil {
			t.Errorf("%s: decoded", name)
		}
	}
}

// hasLongDocument reports whether a location chunk has a document whose
// locations take 128 bytes or more.
func hasLongDocument(chunk []byte) bool {
	for i := 0; i < len(chunk); {
		n, k := binary.Uvarint(chunk[i:])
		if n >= 128 {
			return true
		}
		i += k + int(n)
	}
	return false
}
