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
// An index in format 5 compresses each piece of at least
// minCompressedPiece bytes with zstd, when that saves at least a sixteenth
// of it: on 20,000 news articles 91.0 -> 81.3 MB. Smaller pieces (most of
// them: a stored document's metadata, short posting chunks) are written as
// they are, so they cost nothing to read and keep zap's zero-copy reads.
//
// The hooks are global to the process; the writer compresses only the
// segments of stores that registered their shard directories
// (compressShards), so other bleve indexes of the process (the benchmark's
// plain-bleve baseline) and stores in format 4 are written as before, and
// the reader reads any segment by the id it was written with.

// segmentHookID is the id zap records in a compressed segment.
const segmentHookID = "newsfind-zstd-1"

// minCompressedPiece is the smallest piece compressed. The processed
// piece's length tells the reader which kind it is: shorter than this, it
// is raw; else its first byte says what the rest is (pieceRaw,
// pieceZstd, pieceZstdPadded).
const minCompressedPiece = 512

// maxPiece bounds what one piece may decompress to. A corrupt frame
// header can still make one read allocate up to this much before it fails;
// zap's largest pieces are a field's dictionary (an FST: a few MB at 200k
// articles).
const maxPiece = 1 << 30

const (
	pieceRaw        = 0 // the piece
	pieceZstd       = 1 // a zstd frame
	pieceZstdPadded = 2 // the frame's length (uvarint), the frame, zeros up to minCompressedPiece bytes in all
)

var (
	zstdEncoder, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBetterCompression), zstd.WithLowerEncoderMem(true))
	zstdDecoder, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(maxPiece))

	compressedMu sync.RWMutex
	compressed   = map[string]int{} // the store directory of a shard (scorch's segment files are there) -> registrations
)

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
	compressedMu.RLock()
	on := compressed[filepath.Dir(filepath.Clean(string(context)))] > 0
	compressedMu.RUnlock()
	if !on {
		return "", nil, nil
	}
	return segmentHookID, compressPiece, nil
}

func segmentReaderHook(id string, _ []byte) (func([]byte) ([]byte, error), error) {
	switch id {
	case "":
		return nil, nil // written without a hook: read as is
	case segmentHookID:
		return decompressPiece, nil
	}
	return nil, fmt.Errorf("segment written with file callback %q, which this newsfind cannot read", id)
}

func compressPiece(b []byte) []byte {
	if len(b) < minCompressedPiece {
		return b
	}
	z := zstdEncoder.EncodeAll(b, make([]byte, 1, len(b)))
	worth := len(b) - len(b)/16 // at least a sixteenth smaller
	if len(z) >= minCompressedPiece {
		if len(z) <= worth {
			z[0] = pieceZstd
			return z
		}
	} else if n := paddedLen(len(z) - 1); n <= worth {
		// Too short to tell from a raw piece: padded.
		out := make([]byte, 1, n)
		out[0] = pieceZstdPadded
		out = binary.AppendUvarint(out, uint64(len(z)-1))
		out = append(out, z[1:]...)
		return append(out, make([]byte, n-len(out))...)
	}
	out := make([]byte, 1+len(b))
	out[0] = pieceRaw
	copy(out[1:], b)
	return out
}

// paddedLen is the length of a pieceZstdPadded piece of a frame of n
// bytes: at least minCompressedPiece.
func paddedLen(n int) int {
	var v [binary.MaxVarintLen64]byte
	return max(minCompressedPiece, 1+binary.PutUvarint(v[:], uint64(n))+n)
}

var errBadPiece = errors.New("store: corrupt compressed segment piece")

func decompressPiece(b []byte) ([]byte, error) {
	if len(b) < minCompressedPiece {
		return b, nil
	}
	z := b[1:]
	switch b[0] {
	case pieceRaw:
		return z, nil
	case pieceZstdPadded:
		n, k := binary.Uvarint(z)
		if k <= 0 || n > uint64(len(z)-k) {
			return nil, errBadPiece
		}
		z = z[k : k+int(n)]
	case pieceZstd:
	default:
		return nil, errBadPiece
	}
	return pieces.Load().get(z)
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

type pieceKey struct {
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

// get returns z, a zstd frame, decompressed.
func (c *pieceCache) get(z []byte) ([]byte, error) {
	k := pieceKey{n: len(z), h1: maphash.Bytes(c.seed1, z), h2: maphash.Bytes(c.seed2, z)}
	sh := &c.shards[k.h1%uint64(len(c.shards))]
	sh.mu.Lock()
	if e, ok := sh.m[k]; ok {
		sh.lru.MoveToFront(e)
		p := e.Value.(*pieceEntry).piece
		sh.mu.Unlock()
		return p, nil
	}
	sh.mu.Unlock()
	p, err := zstdDecoder.DecodeAll(z, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errBadPiece, err)
	}
	if len(p) > sh.max/8 {
		return p, nil // a piece this big (a dictionary) would evict many
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if e, ok := sh.m[k]; ok { // decompressed by another reader meanwhile
		return e.Value.(*pieceEntry).piece, nil
	}
	sh.m[k] = sh.lru.PushFront(&pieceEntry{key: k, piece: p})
	sh.bytes += len(p)
	for sh.bytes > sh.max {
		old := sh.lru.Back()
		e := old.Value.(*pieceEntry)
		sh.lru.Remove(old)
		delete(sh.m, e.key)
		sh.bytes -= len(e.piece)
	}
	return p, nil
}
