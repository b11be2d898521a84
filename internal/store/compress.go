package store

import (
	"container/list"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"path/filepath"
	"sync"
	"sync/atomic"
	"unsafe"

	index "github.com/blevesearch/bleve_index_api"
	"github.com/klauspost/compress/zstd"
)

// Segment compression.
//
// zap, bleve's segment format, writes postings, term vectors (a token's
// field, position, start, end and array positions as five uvarints),
// frequencies and norms, dictionaries and doc values uncompressed or
// snappy-compressed. zap v17 passes every piece it writes and reads
// through a hook of its user's (index.WriterHook, index.ReaderHook: meant
// for compression or encryption) and records the hook's id in the segment.
// An index in format 5 writes each piece of at least minCompressedPiece
// bytes in the smallest of: as it is, transformed (term-vector chunks,
// stored documents and doc-value chunks, posting bitmaps: transform.go),
// zstd-compressed (transformed pieces from minZstdPiece bytes, others from
// minZstdRawPiece), behind a kind byte; a transform or zstd must save at
// least a sixteenth. On 20,000 news articles: 91.0 MB uncompressed,
// 76.6 MB with zstd alone (the first hook, "newsfind-zstd-1"), 63.9 MB with
// the transforms, 60.6 MB with the stored-document dictionary (dict.go),
// about 58.5 MB with location chunks in streams (hook 5), 57.8 MB with stored
// documents' metadata transformed (hook 6), 56.8 MB without the stored
// facet fields (schema), 56.4 MB with short posting bitmaps Rice-coded
// (hook 7); 42.5 MB (with the lean fields and columns since) with each
// article shard's stored documents compressed with a dictionary of its own
// (hook 8, shard_dict.go; 43.8 MB at the default level), against 47.9 MB
// with the shipped one.
// Smaller pieces (a stored document's metadata, short frequency chunks)
// are written as they are, so they cost nothing to read and keep zap's
// zero-copy reads.
//
// The hooks are global to the process; the writer compresses only the
// segments of stores that registered their shard directories
// (compressShards), so other bleve indexes of the process (the benchmark's
// plain-bleve baseline) and stores in format 4 are written as before, and
// the reader reads any segment by the id it was written with.

// segmentHookID is the id zap records in a compressed segment. Segments
// written by the earlier hooks read by their own minimum piece
// (hookMinPiece): "newsfind-zstd-1" (2026-11-27 morning: kinds pieceRaw,
// pieceZstd and pieceZstdPadded only), "newsfind-zstd-2" (the transforms,
// from 64 bytes) and "newsfind-zstd-3" (from 16 bytes). The fourth wrote
// stored documents with the shipped dictionary (dict.go); the decoder
// reads frames with and without it. The fifth wrote location chunks in
// streams (transformLocationStreams), which the readers of the others do
// not know; the sixth wrote stored documents' metadata transformed too
// (transformStoredMeta); the seventh writes short posting bitmaps
// Rice-coded (transformPostingsRice). The eighth (shardDictHook) is the
// seventh with stored documents compressed with their shard's dictionary;
// a merge writes it when the shard has one, this one otherwise.
const segmentHookID = "newsfind-zstd-7"

// minCompressedPiece is the smallest piece processed. The processed
// piece's length tells the reader which kind it is: shorter than this, it
// is raw; else its first byte is the kind: a transform (transform.go) in
// its high bits and a container in its two low bits. Most posting bitmaps
// are short (a term in a few documents: 16 bytes of roaring header and 2
// a document); transformed from 16 bytes on instead of 64, the pieces of
// a 20k load took 47.2 MB instead of 48.9, the kind byte on short pieces
// that stay as they are included.
const minCompressedPiece = 16

// hookFormat is how the pieces of a segment were written: pieces shorter
// than minPiece as they are, others behind a kind byte whose transform is
// at most maxTransform. A reader refuses a kind its segment's hook never
// wrote (a corrupt piece), instead of decoding it.
type hookFormat struct {
	minPiece     int
	maxTransform byte
}

// hookFormats is the format of each hook id a segment may name. Hook 2
// added transformPostings under its id an hour after its first version
// (see docs/mapping.md).
var hookFormats = map[string]hookFormat{
	"newsfind-zstd-1": {512, transformNone},
	"newsfind-zstd-2": {64, transformPostings},
	"newsfind-zstd-3": {16, transformPostings},
	"newsfind-zstd-4": {16, transformPostings},
	"newsfind-zstd-5": {16, transformLocationStreams},
	"newsfind-zstd-6": {16, transformStoredMeta},
	segmentHookID:     currentFormat,
	shardDictHook:     currentFormat,
}

// currentFormat is the format compressPiece writes.
var currentFormat = hookFormat{minCompressedPiece, maxTransform}

// minZstdPiece is the shortest (transformed) piece worth a zstd attempt:
// shorter ones rarely shrink, and each attempt costs a few microseconds.
const minZstdPiece = 256

// minZstdRawPiece is the same for pieces no transform applies to.
// Compressing frequency chunks, posting bitmaps and doc values of 256 to
// 511 bytes saved 0.35 MB of 66 (20,000 articles), and would put more of
// the pieces a search reads (a frequent term's frequencies, a chunk per
// 1,024 documents) behind a cache lookup and a decompression instead of a
// read of the mapped file.
const minZstdRawPiece = 512

// maxPiece bounds what one piece may decompress to. A corrupt frame
// header can still make one read allocate up to this much before it fails;
// zap's largest pieces are a field's dictionary (an FST: a few MB at 200k
// articles).
const maxPiece = 1 << 30

// Containers.
const (
	containerPlain       = 0 // the (transformed) piece
	containerZstd        = 1 // a zstd frame of it
	containerZstdPadded  = 2 // the frame's length (uvarint), the frame, zeros up to minCompressedPiece bytes in all
	containerPlainPadded = 3 // the same, not compressed
)

// The kinds of the first format, untransformed.
const (
	pieceRaw        = transformNone<<2 | containerPlain
	pieceZstd       = transformNone<<2 | containerZstd
	pieceZstdPadded = transformNone<<2 | containerZstdPadded
)

var (
	zstdEncoder, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBetterCompression), zstd.WithLowerEncoderMem(true))
	// Stored documents at the default level: with the dictionary, the
	// better level wrote them 3.6 % smaller (20,000 articles: 17.54
	// against 18.19 MB) but took twice the time (2.5 s against 1.3 s for
	// those documents; most of it setting up the dictionary's tables for
	// each document), which made the whole final merge a quarter slower
	// (3.3-3.6 s against 2.6-2.9 s for all the pieces of 20k): 1 % of the
	// index for 3-5 % of a load.
	zstdStoredEncoder = must(zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault), zstd.WithLowerEncoderMem(true), zstd.WithEncoderDict(storedDict)))
	zstdDecoder       = must(zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(maxPiece), zstd.WithDecoderDicts(storedDict)))

	compressedMu sync.RWMutex
	compressed   = map[string]int{} // the store directory of a shard (scorch's segment files are there) -> registrations
)

// must panics at start-up if an encoder or decoder cannot be built: only a
// broken dictionary in the binary (data/models) can make it fail.
func must[T any](v T, err error) T {
	if err != nil {
		panic(fmt.Sprintf("store: zstd with %s: %v", storedDictPath, err))
	}
	return v
}

func init() {
	index.WriterHook = segmentWriterHook
	index.ReaderHook = segmentReaderHook
}

// segmentStoreDir is where scorch keeps the segment files of the bleve
// index at path.
func segmentStoreDir(path string) string { return filepath.Clean(filepath.Join(path, "store")) }

// compressShards makes the writer compress the segments of the bleve
// indexes at paths (until uncompressShards).
func compressShards(paths []string) {
	compressedMu.Lock()
	defer compressedMu.Unlock()
	for _, p := range paths {
		compressed[segmentStoreDir(p)]++
	}
}

func uncompressShards(paths []string) {
	compressedMu.Lock()
	defer compressedMu.Unlock()
	for _, p := range paths {
		d := segmentStoreDir(p)
		if compressed[d]--; compressed[d] <= 0 {
			delete(compressed, d)
		}
	}
}

// segmentWriterHook is called by zap with the path of each segment file it
// writes.
func segmentWriterHook(context []byte) (string, func([]byte) []byte, error) {
	dir := filepath.Dir(filepath.Clean(string(context)))
	compressedMu.RLock()
	on := compressed[dir] > 0
	compressedMu.RUnlock()
	if !on {
		return "", nil, nil
	}
	d, err := shardDictOf(dir)
	if err != nil {
		return "", nil, err
	}
	if d != nil {
		return shardDictHook, func(b []byte) []byte { return compressPieceWith(b, d.encoder) }, nil
	}
	return segmentHookID, compressPiece, nil
}

func segmentReaderHook(id string, context []byte) (func([]byte) ([]byte, error), error) {
	if id == "" {
		return nil, nil // written without a hook: read as is
	}
	f, ok := hookFormats[id]
	if !ok {
		return nil, fmt.Errorf("segment written with file callback %q, which this newsfind cannot read", id)
	}
	if id == shardDictHook {
		// Its stored documents need its shard's dictionary in the decoder.
		dir := filepath.Dir(filepath.Clean(string(context)))
		d, err := shardDictOf(dir)
		if err == nil && d == nil {
			err = fmt.Errorf("segment %s was written with its shard's dictionary, and %s is missing", string(context), filepath.Join(dir, shardDictFile))
		}
		if err != nil {
			dictErrors.Store(dir, err) // scorch logs it and fails on something else
			return nil, err
		}
	}
	return func(b []byte) ([]byte, error) { return decompressPieceAs(b, f) }, nil
}

// compressPiece returns b as it is if it is short, else the smallest of
// its encodings: a transform (transform.go) when one applies, zstd, or
// plain, behind a kind byte; zstd and the transforms must save at least a
// sixteenth.
func compressPiece(b []byte) []byte { return compressPieceWith(b, zstdStoredEncoder) }

// compressPieceWith is compressPiece with stored documents compressed by
// stored (the shipped dictionary's encoder or a shard's).
func compressPieceWith(b []byte, stored *zstd.Encoder) []byte {
	if len(b) < minCompressedPiece {
		return b
	}
	var best []byte // nil: no encoding tried
	try := func(kind byte, payload []byte) {
		if p := framePiece(kind, payload); best == nil || len(p) < len(best) {
			best = p
		}
	}
	// A transformed piece as it is, or zstd-compressed when long enough.
	tryTransformed := func(transform byte, t []byte) {
		try(transform<<2|containerPlain, t)
		if len(t) >= minZstdPiece {
			try(transform<<2|containerZstd, zstdEncoder.EncodeAll(t, nil))
		}
	}
	// The location transform fails fast on other pieces; the stored
	// document's looks for the _id's end, and is tried only on pieces long
	// enough to be worth it.
	located := false
	if loc, ok := parseLocations(b); ok {
		// Streams compress better; a short chunk, which zstd does not
		// shrink, is often shorter interleaved (no stream lengths).
		if t, ok := loc.streams(b); ok {
			tryTransformed(transformLocationStreams, t)
			located = true
		}
		if !located || loc.interleavedLen() < minZstdPiece {
			if t, ok := loc.interleaved(b); ok {
				tryTransformed(transformLocations, t)
				located = true
			}
		}
	}
	if !located {
		if t, ok := encodePostings(b); ok {
			tryTransformed(transformPostings, t)
			// Rice-coded only when short (see transformPostingsRice).
			if r, ok := encodePostingsRice(b, t); ok && len(r) < minZstdPiece {
				try(transformPostingsRice<<2|containerPlain, r)
			}
		} else if t, ok := encodeStoredMeta(b); ok {
			tryTransformed(transformStoredMeta, t)
		} else if len(b) < minZstdPiece {
			// raw
		} else if t, ok := encodeStoredDoc(b); ok {
			// Its fields uncompressed: zstd always.
			try(transformStoredDoc<<2|containerZstd, stored.EncodeAll(t, nil))
			if t[0] != 0 { // an _id before the block: a stored document, not a doc-value chunk
				writtenStoredWithID.Add(1)
			}
		} else if len(b) >= minZstdRawPiece {
			try(pieceZstd, zstdEncoder.EncodeAll(b, nil))
		}
	}
	if best == nil || len(best) > len(b)-len(b)/16 {
		best = framePiece(pieceRaw, b)
	}
	writtenKinds[best[0]].Add(1)
	return best
}

// writtenKinds counts the pieces compressPiece wrote, by kind, and
// writtenStoredWithID the stored-document transforms that found an _id
// (doc-value chunks are snappy blocks with none), for tests to check that
// real segments use each transform.
var (
	writtenKinds        [(maxTransform + 1) << 2]atomic.Int64
	writtenStoredWithID atomic.Int64
)

// framePiece writes payload behind its kind byte, padded (the container's
// padded variant) when that would be shorter than minCompressedPiece.
func framePiece(kind byte, payload []byte) []byte {
	if 1+len(payload) >= minCompressedPiece {
		out := make([]byte, 1+len(payload))
		out[0] = kind
		copy(out[1:], payload)
		return out
	}
	if kind&3 == containerZstd {
		kind = kind&^3 | containerZstdPadded
	} else {
		kind = kind&^3 | containerPlainPadded
	}
	n := paddedLen(len(payload))
	out := make([]byte, 1, n)
	out[0] = kind
	out = binary.AppendUvarint(out, uint64(len(payload)))
	out = append(out, payload...)
	return append(out, make([]byte, n-len(out))...)
}

// paddedLen is the length of a padded piece of a payload of n bytes: at
// least minCompressedPiece.
func paddedLen(n int) int {
	var v [binary.MaxVarintLen64]byte
	return max(minCompressedPiece, 1+binary.PutUvarint(v[:], uint64(n))+n)
}

var errBadPiece = errors.New("store: corrupt compressed segment piece")

func decompressPiece(b []byte) ([]byte, error) { return decompressPieceAs(b, currentFormat) }

// decompressPieceAs reads a piece of a segment written in format f.
func decompressPieceAs(b []byte, f hookFormat) ([]byte, error) {
	if len(b) < f.minPiece {
		return b, nil
	}
	kind, payload := b[0], b[1:]
	if kind>>2 > f.maxTransform {
		return nil, errBadPiece
	}
	switch kind & 3 {
	case containerZstdPadded, containerPlainPadded:
		n, k := binary.Uvarint(payload)
		if k <= 0 || n > uint64(len(payload)-k) {
			return nil, errBadPiece
		}
		payload = payload[k : k+int(n)]
	}
	if kind&3 == containerPlain || kind&3 == containerPlainPadded {
		// Not compressed: the inverse transform (a pass over varints) is
		// about as cheap as a cache lookup, and the cache's room is
		// better spent on zstd frames.
		return untransform(kind, payload)
	}
	return pieces.Load().get(kind, payload)
}

// decodePiece decodes payload, the zstd frame of a piece of kind (pieces
// not compressed are decoded by decompressPieceMin, without the cache).
func decodePiece(kind byte, payload []byte) ([]byte, error) {
	if kind>>2 == transformNone {
		p, err := decoder.Load().DecodeAll(payload, nil)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", errBadPiece, err)
		}
		return p, nil
	}
	// Transformed: the decompressed bytes are only read by the inverse
	// transform, so they go into a reused buffer.
	buf := transformScratch.Get().(*[]byte)
	defer putScratch(&transformScratch, buf)
	p, err := decoder.Load().DecodeAll(payload, (*buf)[:0])
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errBadPiece, err)
	}
	*buf = p
	return untransform(kind, p)
}

// transformScratch holds buffers the inverse transforms read from or
// write to before the result is copied out.
var transformScratch = sync.Pool{New: func() any { return new([]byte) }}

// putScratch returns buf to pool, emptied if it grew past 1 MB (a rare
// large piece is not worth keeping).
func putScratch[T any](pool *sync.Pool, buf *[]T) {
	var v T
	if uintptr(cap(*buf))*unsafe.Sizeof(v) > 1<<20 {
		*buf = nil
	}
	pool.Put(buf)
}

// untransform applies the inverse of kind's transform to p.
func untransform(kind byte, p []byte) ([]byte, error) {
	switch kind >> 2 {
	case transformLocations:
		return decodeLocations(p)
	case transformStoredDoc:
		return decodeStoredDoc(p)
	case transformPostings:
		return decodePostings(p)
	case transformLocationStreams:
		return decodeLocationStreams(p)
	case transformStoredMeta:
		return decodeStoredMeta(p)
	case transformPostingsRice:
		return decodePostingsRice(p)
	}
	return p, nil
}

// Decompressed pieces are cached. A search reads the same pieces again
// and again (a frequent term's postings, the chunks of its term vectors,
// the stored documents of a page of hits), and decompressing them each
// time cost a third of a filtered keyword search at 200k articles (1.2 ->
// 1.4-1.7 ms). An uncompressed index has the same data in the page cache;
// this is the compressed index's equivalent, bounded by
// SetSegmentCacheBytes (DefaultSegmentCacheBytes).
//
// Entries are keyed by a 128-bit hash of the compressed bytes and their
// length, not by where the piece is: a merged-away segment's memory may
// be mapped again for another file, and the same bytes always decompress
// to the same piece. zap treats what its reader hook returns as read-only
// (it is the read-only mapped file when nothing is processed), so a cached
// piece can be handed to every reader.

// DefaultSegmentCacheBytes bounds the decompressed pieces kept, unless
// SetSegmentCacheBytes says otherwise.
const DefaultSegmentCacheBytes = 64 << 20

var pieces atomic.Pointer[pieceCache]

func init() { SetSegmentCacheBytes(DefaultSegmentCacheBytes) }

// SetSegmentCacheBytes bounds the decompressed pieces of compressed
// segments kept in memory (for the whole process) to n bytes, and empties
// the cache; 0 keeps none (every read decompresses).
func SetSegmentCacheBytes(n int64) { pieces.Store(newPieceCache(int(n))) }

// pieceEntryBytes is what an entry costs besides its piece's capacity
// (list element, entry, map slot). Capacity, not length: a stored
// document encoded into a buffer of snappy's bound held twice its length
// (the 16-client mix at 200k took 95 MB more heap until pieces were
// copied out exactly).
const pieceEntryBytes = 160

type pieceKey struct {
	kind   byte
	n      int
	h1, h2 uint64
}

type pieceEntry struct {
	key   pieceKey
	piece []byte
}

// pieceCache is a sharded LRU cache of decompressed pieces.
type pieceCache struct {
	seed1, seed2 maphash.Seed
	shards       [16]pieceShard
}

type pieceShard struct {
	mu    sync.Mutex
	max   int
	bytes int
	lru   list.List // of *pieceEntry, most recent first
	m     map[pieceKey]*list.Element
}

func newPieceCache(maxBytes int) *pieceCache {
	c := &pieceCache{seed1: maphash.MakeSeed(), seed2: maphash.MakeSeed()}
	for i := range c.shards {
		c.shards[i].max = maxBytes / len(c.shards)
		c.shards[i].m = map[pieceKey]*list.Element{}
	}
	return c
}

// get returns z, the payload of a piece of kind, decoded.
func (c *pieceCache) get(kind byte, z []byte) ([]byte, error) {
	k := pieceKey{kind: kind, n: len(z), h1: maphash.Bytes(c.seed1, z), h2: maphash.Bytes(c.seed2, z)}
	sh := &c.shards[k.h1%uint64(len(c.shards))]
	sh.mu.Lock()
	if e, ok := sh.m[k]; ok {
		sh.lru.MoveToFront(e)
		p := e.Value.(*pieceEntry).piece
		sh.mu.Unlock()
		return p, nil
	}
	sh.mu.Unlock()
	p, err := decodePiece(kind, z)
	if err != nil {
		return nil, err
	}
	if cap(p) > sh.max/8 {
		return p, nil // a piece this big (a dictionary) would evict many
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if e, ok := sh.m[k]; ok { // decompressed by another reader meanwhile
		return e.Value.(*pieceEntry).piece, nil
	}
	sh.m[k] = sh.lru.PushFront(&pieceEntry{key: k, piece: p})
	sh.bytes += cap(p) + pieceEntryBytes
	for sh.bytes > sh.max {
		old := sh.lru.Back()
		e := old.Value.(*pieceEntry)
		sh.lru.Remove(old)
		delete(sh.m, e.key)
		sh.bytes -= cap(e.piece) + pieceEntryBytes
	}
	return p, nil
}
