package store

import (
	"bytes"
	"encoding/binary"
	mbits "math/bits"
	"sync"

	"github.com/golang/snappy"
)

// Piece transforms.
//
// zstd alone does little for three kinds of zap pieces, which together
// were 71 % of a compressed index (20,000 news articles): term-vector
// chunks (25 %), whose positions and offsets are absolute numbers that
// zstd cannot subtract, stored documents (33 %), which zap has already
// compressed with snappy, so zstd sees snappy's output, and posting
// bitmaps (14 %), two bytes a document plus headers. The hook does not
// know which kind of piece it is given, so it tries each transform on
// every piece; a transform applies only when its inverse rebuilds the
// piece byte for byte, which the writer checks, so a piece that merely
// looks like one of these kinds can never be read back different.
//
// transformLocations: zap's location chunk of one term (for each
// document: the number of bytes of its locations, then five uvarints per
// location: field, position, start, end, number of array positions)
// becomes the field once, then for each document its number of locations
// and, per location, the position and start as increases over the
// previous location of the document and the length (end - start). On
// 20,000 articles the term-vector chunks went from 18.9 MB (zstd) to
// 12.5 MB.
//
// transformStoredDoc: a stored document (its _id, then the snappy block of
// its other stored fields) becomes the _id and the fields uncompressed, for
// zstd to compress; the reader encodes them with snappy again. On 20,000
// articles the stored documents went from 25.2 MB (zstd over snappy) to
// 22.2 MB. zap's doc-value chunks are snappy blocks with no _id before
// them; the same transform takes them from 4.4 to 3.7 MB.
//
// transformPostings: a posting bitmap (roaring's serialization: a 16-bit
// key and cardinality and a 32-bit offset per container of 65,536
// documents, then each container) of array containers only, no runs,
// becomes the number of documents and the gaps between them as uvarints.
// On 20,000 articles the bitmaps went from 10.4 MB (zstd) to 8.0 MB; most
// of the rest is bitmaps shorter than minCompressedPiece (4.9 MB), written
// as they are.
//
// transformLocationStreams: the numbers of transformLocations in four
// streams; see below.
//
// transformStoredMeta: a stored document's metadata without what zap's
// writer makes predictable; see encodeStoredMeta.

const (
	transformNone            = 0
	transformLocations       = 1
	transformStoredDoc       = 2
	transformPostings        = 3
	transformLocationStreams = 4
	transformStoredMeta      = 5
	transformPostingsRice    = 6

	maxTransform = transformPostingsRice
)

// parsedLocations is a location chunk of one field, read: per document
// its number of locations, and per location the position and start as
// increases over the previous location of the document (the first: over 0)
// and the length (end - start).
type parsedLocations struct {
	field                uint64
	counts               []uint64
	dPos, dStart, length []uint64
}

// parseLocations reads b, a location chunk, or returns false when the
// transforms cannot rebuild it (array positions, more than one field,
// positions or offsets out of order, not a chunk). A non-minimal varint
// parses, but the caller's check of the inverse refuses it.
func parseLocations(b []byte) (*parsedLocations, bool) {
	p := &parsedLocations{}
	haveField := false
	for i := 0; i < len(b); {
		n, k := binary.Uvarint(b[i:])
		if k <= 0 || n > uint64(len(b)-i-k) {
			return nil, false
		}
		i += k
		end := i + int(n)
		count := uint64(0)
		var lastPos, lastStart uint64
		for i < end {
			var v [5]uint64
			for j := range v {
				x, k := binary.Uvarint(b[i:end])
				if k <= 0 {
					return nil, false
				}
				v[j], i = x, i+k
			}
			f, pos, start, stop, arrayPositions := v[0], v[1], v[2], v[3], v[4]
			if !haveField {
				p.field, haveField = f, true
			}
			if f != p.field || arrayPositions != 0 || pos < lastPos || start < lastStart || stop < start {
				return nil, false
			}
			p.dPos = append(p.dPos, pos-lastPos)
			p.dStart = append(p.dStart, start-lastStart)
			p.length = append(p.length, stop-start)
			lastPos, lastStart = pos, start
			count++
		}
		p.counts = append(p.counts, count)
	}
	return p, true
}

// encodeLocations returns b, a location chunk, in transformLocations'
// form (the field, then per document the number of its locations and, per
// location, the increases and the length), or false when b is not one the
// inverse rebuilds exactly.
func encodeLocations(b []byte) ([]byte, bool) {
	p, ok := parseLocations(b)
	if !ok {
		return nil, false
	}
	return p.interleaved(b)
}

// interleavedLen is the length of p.interleaved's result.
func (p *parsedLocations) interleavedLen() int {
	n := uvarintLen(p.field)
	for _, c := range p.counts {
		n += uvarintLen(c)
	}
	for l := range p.dPos {
		n += uvarintLen(p.dPos[l]) + uvarintLen(p.dStart[l]) + uvarintLen(p.length[l])
	}
	return n
}

// interleaved is encodeLocations of the chunk b parsed as p.
func (p *parsedLocations) interleaved(b []byte) ([]byte, bool) {
	out := binary.AppendUvarint(make([]byte, 0, len(b)), p.field)
	l := 0
	for _, count := range p.counts {
		out = binary.AppendUvarint(out, count)
		for range count {
			out = binary.AppendUvarint(out, p.dPos[l])
			out = binary.AppendUvarint(out, p.dStart[l])
			out = binary.AppendUvarint(out, p.length[l])
			l++
		}
	}
	return rebuilds(out, b, decodeLocations)
}

// decodeLocations is the inverse of encodeLocations. It runs on every
// read of a chunk that is not cached, so it reads and writes one-byte
// varints (most of them) without a call.
func decodeLocations(t []byte) ([]byte, error) {
	field, k := binary.Uvarint(t)
	if k <= 0 {
		return nil, errBadPiece
	}
	// Chunks decode to about 1.65 times their transformed length.
	out := make([]byte, 0, min(len(t)+len(t)*3/4, maxPiece))
	r := varintReader{b: t, i: k}
	for r.i < len(t) {
		count, ok := r.next()
		if !ok || count > uint64(len(t)-r.i)/3 { // a location is at least 3 bytes
			return nil, errBadPiece
		}
		mark := len(out)
		out = append(out, 0) // the document's length (closeDocument)
		var pos, start uint64
		for range count {
			dPos, ok1 := r.next()
			dStart, ok2 := r.next()
			length, ok3 := r.next()
			if !ok1 || !ok2 || !ok3 {
				return nil, errBadPiece
			}
			pos += dPos
			start += dStart
			if out = appendLocation(out, field, pos, start, length); len(out) > maxPiece {
				// A corrupt chunk: a location of 3 bytes can claim 40.
				return nil, errBadPiece
			}
		}
		out = closeDocument(out, mark)
	}
	return exactCapacity(out), nil
}

// transformLocationStreams (hook 5) writes the same numbers as
// transformLocations in four streams, each number with its kind: the
// documents' counts, the position increases, the start increases less
// what the position increase predicts, and the lengths. zstd codes each
// byte by what is usual around it, and interleaved, every third number
// was a length (mostly the term's length: few values) between two
// increases. A start increase is mostly the position increase times the
// chunk's bytes per position (ratio, in sixteenths, written first): the
// difference (zigzag) is a byte where the increase was two. On the
// location chunks of 20,000 articles: 12.1 MB interleaved as hook 4
// wrote them (zstd or as they are, whichever was smaller, from 16 bytes;
// 12.5 MB above is hook 2's, from 64), 9.8 MB in streams.
//
// The form: uvarints field, ratio, the byte lengths of the first three
// streams, then the four streams.

// maxLocationRatio bounds the ratio (bytes of text per position, in
// sixteenths) and maxLocationStep the increases a stream holds, so that
// the prediction cannot overflow.
const (
	maxLocationRatio = 1 << 12
	maxLocationStep  = 1 << 40
)

// streams is the chunk b, parsed as p, in transformLocationStreams' form,
// or false when the inverse does not rebuild b exactly.
func (p *parsedLocations) streams(b []byte) ([]byte, bool) {
	var sumPos, sumStart uint64
	for l := range p.dPos {
		if p.dPos[l] > maxLocationStep || p.dStart[l] > maxLocationStep {
			return nil, false
		}
		sumPos += p.dPos[l]
		sumStart += p.dStart[l]
	}
	ratio := uint64(0)
	if sumPos > 0 {
		ratio = min((16*sumStart+sumPos/2)/sumPos, maxLocationRatio)
	}
	var counts, dPos, rest, lengths []byte
	for _, c := range p.counts {
		counts = binary.AppendUvarint(counts, c)
	}
	for l := range p.dPos {
		dPos = binary.AppendUvarint(dPos, p.dPos[l])
		rest = binary.AppendUvarint(rest, zigzag(int64(p.dStart[l])-predictStart(p.dPos[l], ratio)))
		lengths = binary.AppendUvarint(lengths, p.length[l])
	}
	out := make([]byte, 0, 5*binary.MaxVarintLen64+len(counts)+len(dPos)+len(rest)+len(lengths))
	for _, v := range []uint64{p.field, ratio, uint64(len(counts)), uint64(len(dPos)), uint64(len(rest))} {
		out = binary.AppendUvarint(out, v)
	}
	out = append(append(append(append(out, counts...), dPos...), rest...), lengths...)
	return rebuilds(out, b, decodeLocationStreams)
}

// predictStart is the start increase a position increase predicts.
func predictStart(dPos, ratio uint64) int64 { return int64((dPos*ratio + 8) / 16) }

func zigzag(v int64) uint64   { return uint64(v<<1) ^ uint64(v>>63) }
func unzigzag(u uint64) int64 { return int64(u>>1) ^ -int64(u&1) }

// decodeLocationStreams is the inverse of the streams transform.
func decodeLocationStreams(t []byte) ([]byte, error) {
	r := varintReader{b: t}
	var head [5]uint64
	for i := range head {
		v, ok := r.next()
		if !ok {
			return nil, errBadPiece
		}
		head[i] = v
	}
	field, ratio := head[0], head[1]
	if ratio > maxLocationRatio {
		return nil, errBadPiece
	}
	// The streams' bounds.
	at := uint64(r.i)
	var bounds [4]uint64
	for i, n := range head[2:] {
		if n > uint64(len(t))-at {
			return nil, errBadPiece
		}
		at += n
		bounds[i] = at
	}
	bounds[3] = uint64(len(t))
	counts := varintReader{b: t[:bounds[0]], i: r.i}
	dPos := varintReader{b: t[:bounds[1]], i: int(bounds[0])}
	rest := varintReader{b: t[:bounds[2]], i: int(bounds[1])}
	lengths := varintReader{b: t, i: int(bounds[2])}
	out := make([]byte, 0, min(2*len(t), maxPiece))
	for counts.i < len(counts.b) {
		count, ok := counts.next()
		// A location is a byte at least in each stream.
		if !ok || count > uint64(len(dPos.b)-dPos.i) {
			return nil, errBadPiece
		}
		mark := len(out)
		out = append(out, 0)
		var pos, start uint64
		for range count {
			dp, ok1 := dPos.next()
			z, ok2 := rest.next()
			length, ok3 := lengths.next()
			if !ok1 || !ok2 || !ok3 || dp > maxLocationStep {
				return nil, errBadPiece
			}
			ds := predictStart(dp, ratio) + unzigzag(z)
			if ds < 0 {
				return nil, errBadPiece
			}
			pos += dp
			start += uint64(ds)
			if out = appendLocation(out, field, pos, start, length); len(out) > maxPiece {
				return nil, errBadPiece
			}
		}
		out = closeDocument(out, mark)
	}
	if dPos.i != len(dPos.b) || rest.i != len(rest.b) || lengths.i != len(lengths.b) {
		return nil, errBadPiece
	}
	return exactCapacity(out), nil
}

// appendLocation appends a location as zap writes it: field, position,
// start, end, no array positions.
func appendLocation(out []byte, field, pos, start, length uint64) []byte {
	out = appendUvarint(out, field)
	out = appendUvarint(out, pos)
	out = appendUvarint(out, start)
	out = appendUvarint(out, start+length)
	return append(out, 0)
}

// closeDocument writes the length of the document's locations, which
// begin after a byte reserved at mark, moving them when the length needs
// more than the byte.
func closeDocument(out []byte, mark int) []byte {
	docLen := uint64(len(out) - mark - 1)
	if docLen < 0x80 {
		out[mark] = byte(docLen)
		return out
	}
	n := uvarintLen(docLen)
	out = append(out, make([]byte, n-1)...)
	copy(out[mark+n:], out[mark+1:len(out)-(n-1)])
	binary.PutUvarint(out[mark:], docLen)
	return out
}

// exactCapacity returns out with no more capacity than an eighth over its
// length: a decoded piece may be cached.
func exactCapacity(out []byte) []byte {
	if cap(out) > len(out)+len(out)/8 {
		return append(make([]byte, 0, len(out)), out...)
	}
	return out
}

// rebuilds returns t, a transformed piece, and true when decode rebuilds
// b from it byte for byte (the condition of every transform), else false.
func rebuilds(t, b []byte, decode func([]byte) ([]byte, error)) ([]byte, bool) {
	if back, err := decode(t); err != nil || !bytes.Equal(back, b) {
		return nil, false
	}
	return t, true
}

// varintReader reads uvarints, one- and two-byte ones (most positions
// and offsets) without a call.
type varintReader struct {
	b []byte
	i int
}

func (r *varintReader) next() (uint64, bool) {
	if i := r.i; i+1 < len(r.b) {
		if b0 := r.b[i]; b0 < 0x80 {
			r.i++
			return uint64(b0), true
		} else if b1 := r.b[i+1]; b1 < 0x80 {
			r.i += 2
			return uint64(b0&0x7f) | uint64(b1)<<7, true
		}
	}
	x, n := binary.Uvarint(r.b[r.i:])
	if n <= 0 {
		return 0, false
	}
	r.i += n
	return x, true
}

func appendUvarint(b []byte, x uint64) []byte {
	if x < 1<<7 {
		return append(b, byte(x))
	}
	if x < 1<<14 {
		return append(b, byte(x)|0x80, byte(x>>7))
	}
	return binary.AppendUvarint(b, x)
}

func uvarintLen(x uint64) int { return (mbits.Len64(x|1) + 6) / 7 }

// maxStoredIDScan bounds the _id lengths encodeStoredDoc looks for.
const maxStoredIDScan = 1024

// encodeStoredDoc returns b, a stored document (_id, then a snappy block),
// as uvarint(len(_id)), the _id and the block decoded, or false when b
// is not one: no split of b has a snappy block after it that snappy.Encode
// writes again byte for byte.
func encodeStoredDoc(b []byte) ([]byte, bool) {
	var scratch []byte // reused: most candidate splits fail to decode
	// The _id is the shorter part: a piece that ends like a snappy block
	// (a final 0 is the block of nothing) is not a stored document.
	for k := 0; k <= len(b)/2 && k <= maxStoredIDScan; k++ {
		block := b[k:]
		n, err := snappy.DecodedLen(block)
		// snappy.MaxEncodedLen(n) = 32 + n + n/6 bounds the block from
		// above; no element expands more than 64 bytes from 3.
		if err != nil || n > maxPiece || 32+n+n/6 < len(block) || n > 22*len(block) {
			continue
		}
		if cap(scratch) < n {
			scratch = make([]byte, n)
		}
		data, err := snappy.Decode(scratch[:n], block)
		if err != nil || !bytes.Equal(snappy.Encode(nil, data), block) {
			continue
		}
		out := binary.AppendUvarint(make([]byte, 0, binary.MaxVarintLen64+k+len(data)), uint64(k))
		out = append(out, b[:k]...)
		return append(out, data...), true
	}
	return nil, false
}

// decodeStoredDoc is the inverse of encodeStoredDoc.
func decodeStoredDoc(t []byte) ([]byte, error) {
	k, n := binary.Uvarint(t)
	if n <= 0 || k > uint64(len(t)-n) {
		return nil, errBadPiece
	}
	id, data := t[n:n+int(k)], t[n+int(k):]
	buf := transformScratch.Get().(*[]byte)
	defer putScratch(&transformScratch, buf)
	if m := snappy.MaxEncodedLen(len(data)); cap(*buf) < m {
		*buf = make([]byte, m)
	}
	enc := snappy.Encode((*buf)[:cap(*buf)], data)
	// Exactly as long as the piece: it may be cached, and the encoder's
	// bound is the uncompressed length (twice the piece for news text).
	out := make([]byte, len(id)+len(enc))
	copy(out, id)
	copy(out[len(id):], enc)
	return out, nil
}

// roaringCookie starts a roaring bitmap serialized without run
// containers.
const roaringCookie = 12346

// roaringMaxArray is the most values an array container holds; a
// container of more is a bitmap container.
const roaringMaxArray = 4096

// encodePostings returns b, a roaring bitmap of array containers only,
// transformed, or false.
func encodePostings(b []byte) ([]byte, bool) {
	if len(b) < 8 || binary.LittleEndian.Uint32(b) != roaringCookie {
		return nil, false
	}
	count := int(binary.LittleEndian.Uint32(b[4:]))
	if count <= 0 || count > 1<<16 || len(b) < 8+8*count {
		return nil, false
	}
	total := 0
	for i := range count {
		total += int(binary.LittleEndian.Uint16(b[8+4*i+2:])) + 1
	}
	data := 8 + 8*count
	if total > roaringMaxArray*count || len(b) != data+2*total {
		return nil, false
	}
	out := binary.AppendUvarint(make([]byte, 0, binary.MaxVarintLen64+2*total), uint64(total))
	var last uint32
	pos := data
	for i := range count {
		key := uint32(binary.LittleEndian.Uint16(b[8+4*i:])) << 16
		card := int(binary.LittleEndian.Uint16(b[8+4*i+2:])) + 1
		for j := range card {
			v := key | uint32(binary.LittleEndian.Uint16(b[pos+2*j:]))
			if (i > 0 || j > 0) && v <= last {
				return nil, false
			}
			out = binary.AppendUvarint(out, uint64(v-last))
			last = v
		}
		pos += 2 * card
	}
	return rebuilds(out, b, decodePostings)
}

// decodePostings is the inverse of encodePostings.
func decodePostings(t []byte) ([]byte, error) {
	total, k := binary.Uvarint(t)
	if k <= 0 || total == 0 || total > uint64(len(t)-k) { // a gap is a byte at least
		return nil, errBadPiece
	}
	buf := postingsScratch.Get().(*[]uint32)
	defer putScratch(&postingsScratch, buf)
	vals := (*buf)[:0]
	r := varintReader{b: t, i: k}
	var last uint64
	containers := 0
	for n := range total {
		d, ok := r.next()
		if !ok || (n > 0 && d == 0) || last+d > 1<<32-1 {
			return nil, errBadPiece
		}
		last += d
		if n == 0 || uint32(last)>>16 != vals[len(vals)-1]>>16 {
			containers++
		}
		vals = append(vals, uint32(last))
	}
	*buf = vals
	if r.i != len(t) {
		return nil, errBadPiece
	}
	return roaringArrays(vals, containers)
}

// roaringArrays writes vals (increasing, in containers of 65,536) as roaring
// serializes a bitmap of array containers.
func roaringArrays(vals []uint32, containers int) ([]byte, error) {
	data := 8 + 8*containers
	out := make([]byte, data+2*len(vals))
	binary.LittleEndian.PutUint32(out, roaringCookie)
	binary.LittleEndian.PutUint32(out[4:], uint32(containers))
	c, start := 0, 0
	for i := 1; i <= len(vals); i++ {
		if i < len(vals) && vals[i]>>16 == vals[start]>>16 {
			continue
		}
		card := i - start
		if card > roaringMaxArray {
			return nil, errBadPiece // a bitmap container in the original
		}
		binary.LittleEndian.PutUint16(out[8+4*c:], uint16(vals[start]>>16))
		binary.LittleEndian.PutUint16(out[8+4*c+2:], uint16(card-1))
		binary.LittleEndian.PutUint32(out[8+4*containers+4*c:], uint32(data+2*start))
		c, start = c+1, i
	}
	for i, v := range vals {
		binary.LittleEndian.PutUint16(out[data+2*i:], uint16(v))
	}
	return out, nil
}

var postingsScratch = sync.Pool{New: func() any { return new([]uint32) }}

// encodeStoredMeta returns b, a stored document's metadata, transformed
// (hook 6), or false when b is not one the inverse rebuilds exactly.
//
// zap writes the metadata of a stored document as the _id's length, then
// per stored value five uvarints and the array positions: field, type,
// start of the value in the document's data, its length, the number of
// array positions, each. The start is always the sum of the lengths
// before it, and a list's values (a facet's names) have the array
// positions 0, 1, 2...: the transform drops both. Per value it writes
// field, type and length, then the number of array positions times two,
// plus one when the one array position is the value's index in its
// field's list (then not written). An article's metadata, about a
// hundred bytes (written as they are: too short for zstd), loses about a
// third.
func encodeStoredMeta(b []byte) ([]byte, bool) {
	r := varintReader{b: b}
	idLen, ok := r.next()
	if !ok {
		return nil, false
	}
	out := binary.AppendUvarint(make([]byte, 0, len(b)), idLen)
	var curr uint64
	lastField, inField := uint64(0), uint64(0) // the previous value's field, and how many values of it came before
	for n := 0; r.i < len(b); n++ {
		var v [5]uint64
		for j := range v {
			if v[j], ok = r.next(); !ok {
				return nil, false
			}
		}
		field, typ, start, length, numAP := v[0], v[1], v[2], v[3], v[4]
		if start != curr || numAP > uint64(len(b)-r.i) || length > maxPiece {
			return nil, false
		}
		curr += length
		if n == 0 || field != lastField {
			lastField, inField = field, 0
		}
		out = binary.AppendUvarint(out, field)
		out = binary.AppendUvarint(out, typ)
		out = binary.AppendUvarint(out, length)
		var aps [1]uint64
		if numAP == 1 {
			if aps[0], ok = r.next(); !ok {
				return nil, false
			}
			if aps[0] == inField {
				out = binary.AppendUvarint(out, 3)
			} else {
				out = binary.AppendUvarint(out, 2)
				out = binary.AppendUvarint(out, aps[0])
			}
		} else {
			out = binary.AppendUvarint(out, 2*numAP)
			for range numAP {
				ap, ok := r.next()
				if !ok {
					return nil, false
				}
				out = binary.AppendUvarint(out, ap)
			}
		}
		inField++
	}
	return rebuilds(out, b, decodeStoredMeta)
}

// decodeStoredMeta is the inverse of encodeStoredMeta.
func decodeStoredMeta(t []byte) ([]byte, error) {
	r := varintReader{b: t}
	idLen, ok := r.next()
	if !ok {
		return nil, errBadPiece
	}
	// A value is three bytes at least here and six at most more there
	// (its start), plus one for a predicted array position.
	out := appendUvarint(make([]byte, 0, min(3*len(t), maxPiece)), idLen)
	var curr uint64
	lastField, inField := uint64(0), uint64(0)
	for n := 0; r.i < len(t); n++ {
		var v [4]uint64
		for j := range v {
			if v[j], ok = r.next(); !ok {
				return nil, errBadPiece
			}
		}
		field, typ, length, code := v[0], v[1], v[2], v[3]
		numAP := code / 2
		if length > maxPiece || numAP > uint64(len(t)-r.i)+1 {
			return nil, errBadPiece
		}
		if n == 0 || field != lastField {
			lastField, inField = field, 0
		}
		out = appendUvarint(out, field)
		out = appendUvarint(out, typ)
		out = appendUvarint(out, curr)
		out = appendUvarint(out, length)
		out = appendUvarint(out, numAP)
		curr += length
		if code&1 == 1 {
			if numAP != 1 {
				return nil, errBadPiece
			}
			out = appendUvarint(out, inField)
		} else {
			for range numAP {
				ap, ok := r.next()
				if !ok {
					return nil, errBadPiece
				}
				out = appendUvarint(out, ap)
			}
		}
		if len(out) > maxPiece {
			return nil, errBadPiece
		}
		inField++
	}
	return exactCapacity(out), nil
}

// transformPostingsRice (hook 7): a short bitmap of transformPostings with
// its gaps Rice-coded instead of uvarints. Most posting bitmaps are a term
// in a few documents, too short for zstd, so their gaps stayed uvarints:
// whole bytes, where a gap of 2,000 (a term in 50 of 100,000 documents)
// needs about 13 bits. A Rice code with parameter k writes gap-1 as its
// high bits in unary and its k low bits as they are: for gaps around 2^k,
// about k+2 bits. Only bitmaps shorter than minZstdPiece so written: a
// longer one is zstd's and the cache's, where a Rice-coded one would be
// decoded on every read.
//
// The form: uvarints number of documents and first document, a byte k,
// then the codes of the gaps, least significant bit first, the last byte
// padded with zeros.

// encodePostingsRice returns the bitmap b, whose transformPostings form is
// t, Rice-coded, or false.
func encodePostingsRice(b, t []byte) ([]byte, bool) {
	total, n := binary.Uvarint(t)
	if n <= 0 || total == 0 {
		return nil, false
	}
	r := varintReader{b: t, i: n}
	first, ok := r.next()
	if !ok {
		return nil, false
	}
	gaps := make([]uint64, 0, total-1)
	for range total - 1 {
		d, ok := r.next()
		if !ok || d == 0 {
			return nil, false
		}
		gaps = append(gaps, d-1)
	}
	// The k that writes the fewest bits.
	best, bestBits := 0, uint64(1<<63)
	for k := range 32 {
		var bits uint64
		for _, g := range gaps {
			bits += g>>k + 1 + uint64(k)
		}
		if bits < bestBits {
			best, bestBits = k, bits
		}
	}
	out := binary.AppendUvarint(make([]byte, 0, 2*binary.MaxVarintLen64+1+int(bestBits/8)+1), total)
	out = binary.AppendUvarint(out, first)
	out = append(out, byte(best))
	var acc uint64 // bits not yet written, the first in the lowest bit
	var nacc uint
	put := func(v uint64, bits uint) { // bits <= 32
		acc |= v << nacc
		nacc += bits
		for nacc >= 8 {
			out = append(out, byte(acc))
			acc >>= 8
			nacc -= 8
		}
	}
	for _, g := range gaps {
		for q := g >> best; q > 0; q -= min(q, 32) {
			put(1<<min(q, 32)-1, uint(min(q, 32)))
		}
		put(0, 1)
		put(g&(1<<best-1), uint(best))
	}
	if nacc > 0 {
		out = append(out, byte(acc))
	}
	return rebuilds(out, b, decodePostingsRice)
}

// decodePostingsRice is the inverse of encodePostingsRice.
func decodePostingsRice(t []byte) ([]byte, error) {
	r := varintReader{b: t}
	total, ok1 := r.next()
	first, ok2 := r.next()
	if !ok1 || !ok2 || total == 0 || r.i >= len(t) || first > 1<<32-1 {
		return nil, errBadPiece
	}
	k := uint(t[r.i])
	bits := t[r.i+1:]
	// A gap is a bit at least.
	if k > 31 || total-1 > uint64(len(bits))*8 {
		return nil, errBadPiece
	}
	buf := postingsScratch.Get().(*[]uint32)
	defer putScratch(&postingsScratch, buf)
	vals := append((*buf)[:0], uint32(first))
	containers := 1
	pos, end := uint(0), uint(len(bits))*8
	// peek returns the bits from pos on, the first in the lowest bit: 57
	// of them at least, zeros past the end.
	peek := func() uint64 {
		i := pos >> 3
		var w uint64
		if i+8 <= uint(len(bits)) {
			w = binary.LittleEndian.Uint64(bits[i:])
		} else if i < uint(len(bits)) {
			var tail [8]byte
			copy(tail[:], bits[i:])
			w = binary.LittleEndian.Uint64(tail[:])
		}
		return w >> (pos & 7)
	}
	last := first
	for range total - 1 {
		var q uint64
		for {
			ones := uint(mbits.TrailingZeros64(^peek()))
			if ones < 57 {
				q += uint64(ones)
				pos += ones + 1 // the ones, and the zero that ends them
				break
			}
			q += 56
			pos += 56
			if q > 1<<32 || pos > end {
				return nil, errBadPiece
			}
		}
		if q > 1<<32 || pos+k > end {
			return nil, errBadPiece
		}
		low := peek() & (1<<k - 1)
		pos += k
		g := q<<k | low
		if last+g+1 > 1<<32-1 {
			return nil, errBadPiece
		}
		last += g + 1
		if uint32(last)>>16 != vals[len(vals)-1]>>16 {
			containers++
		}
		vals = append(vals, uint32(last))
	}
	*buf = vals
	if end-pos >= 8 {
		return nil, errBadPiece // bytes after the codes
	}
	return roaringArrays(vals, containers)
}
