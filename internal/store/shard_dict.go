package store

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	index "github.com/blevesearch/bleve_index_api"
	"github.com/klauspost/compress/zstd"
)

// Shard dictionaries.
//
// The shipped dictionary (dict.go) is trained on Wikinews and is at most
// 110 KB: what it knows of a collection's own words, names, URLs and
// extra fields (Reuters-21578's topics and splits, say) is little. The
// final merge of an article shard that holds enough stored text trains a
// dictionary of the shard's own documents first (samples spread evenly
// over it, up to 1 MiB of history: a sixteenth of the shard's stored
// text), keeps it beside the segments it serves (shardDictFile, written
// and synced before any segment uses it) and compresses the merge's
// stored documents with it, at zstd's "better" level (shardDictLevel),
// with klauspost's encoder patched to reset cheaply between documents
// (third_party/klauspost-compress: a 200k merge 34 -> 20 s).
// On 20,000 news articles (two shards) the stored documents went from
// 17.8 to 12.0 MB (13.2 at the default level), and a document still
// decompresses alone, in about 7 µs either way.
//
// A shard keeps its dictionary: later merges use it again, so every
// segment of the shard reads with the same file. Its frames name it by
// an id drawn at random when it was trained; the decoder knows every
// dictionary the process has loaded (loadedDicts), and an id loaded twice
// with different content is refused, so a frame never decodes with
// another shard's dictionary.

// shardDictFile is a shard's dictionary, zstd-compressed, in the
// directory of its segments (scorch removes only the segment and snapshot
// files it wrote there).
const shardDictFile = "newsfind-stored.zdict.zst"

// shardDictHook is the segment hook id of segments whose stored documents
// use their shard's dictionary; their reader loads it first.
const shardDictHook = "newsfind-zstd-8"

// Sizes of a shard dictionary.
const (
	// maxShardDictHistory bounds a shard dictionary's content. Beyond
	// 1 MiB the encoder's set-up per document grew faster than the gain
	// (20,000 articles: 512 KiB 13.6 MB, 1 MiB 13.1 MB of stored
	// documents; writing them 1.3 and 2.1 s against 1.2 s), measured
	// before the encoder kept the content between documents
	// (third_party/klauspost-compress); 4 MiB saved 0.1 % at 200k.
	maxShardDictHistory = 1 << 20
	// defaultMinShardDictHistory: a shard with less than sixteen times
	// this much stored text keeps the shipped dictionary, whose file
	// costs nothing (minShardDictHistory; tests lower it).
	defaultMinShardDictHistory = 256 << 10
	// shardDictSamples bounds the documents read to train one.
	shardDictSamples = 1200
	// shardDictContents is how many of them train its entropy tables:
	// 100 and 1,000 gave the same dictionary, in 0.2 against 1.6 s.
	shardDictContents = 100
)

var minShardDictHistory = defaultMinShardDictHistory

// shardDictLevel is the level stored documents are compressed at with
// their shard's dictionary. With it, zstd's "better" level wrote the
// stored documents of 10,000 articles (one shard of the 20k sample) 9.6 %
// smaller than the default level (6.00 against 6.64 MB) in 1.6 against
// 1.1 s; with the shipped dictionary the gain was 3.6 % for twice the
// time, and that level was not used (compress.go).
const shardDictLevel = zstd.SpeedBetterCompression

// A shardDict is a dictionary loaded for a segment directory.
type shardDict struct {
	id      uint32
	raw     []byte
	encoder *zstd.Encoder // stored documents of the shard's merges
}

var (
	shardDictsMu sync.Mutex
	shardDicts   = map[string]*shardDict{} // segment directory -> its dictionary
	loadedDicts  = map[uint32][]byte{}     // every dictionary loaded, by id (the decoder's)
	// reservedDictIDs: drawn for dictionaries being trained (never
	// given twice in a process).
	reservedDictIDs = map[uint32]bool{}

	// decoder decodes every frame: its dictionaries are the shipped one
	// and loadedDicts, replaced (not changed) when one is loaded.
	decoder atomic.Pointer[zstd.Decoder]
)

func init() { decoder.Store(zstdDecoder) }

// newDecoder is a decoder of frames with any of dicts (or none).
func newDecoder(dicts ...[]byte) (*zstd.Decoder, error) {
	return zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(maxPiece), zstd.WithDecoderDicts(dicts...))
}

// shardDictOf returns the dictionary of the segment directory dir, loaded
// from its file when it has one, or nil.
func shardDictOf(dir string) (*shardDict, error) {
	shardDictsMu.Lock()
	defer shardDictsMu.Unlock()
	if d, ok := shardDicts[dir]; ok {
		return d, nil
	}
	z, err := os.ReadFile(filepath.Join(dir, shardDictFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: read the dictionary of %s: %w", dir, err)
	}
	raw, err := decoder.Load().DecodeAll(z, nil)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", filepath.Join(dir, shardDictFile), err)
	}
	return addShardDictLocked(dir, raw)
}

// addShardDictLocked loads raw as the dictionary of dir.
func addShardDictLocked(dir string, raw []byte) (*shardDict, error) {
	name := filepath.Join(dir, shardDictFile)
	info, err := zstd.InspectDictionary(raw)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", name, err)
	}
	id := info.ID()
	if id < minDictID || id >= maxDictID || id == StoredDictID {
		return nil, fmt.Errorf("store: %s has id %#x, which no shard dictionary may have", name, id)
	}
	if old, ok := shardDicts[dir]; ok && !bytes.Equal(old.raw, raw) {
		return nil, fmt.Errorf("store: %s: the shard has another dictionary already", name)
	}
	if old, ok := loadedDicts[id]; ok && !bytes.Equal(old, raw) {
		return nil, fmt.Errorf("store: %s has id %#x, as another dictionary this process has loaded: open its index in another process", name, id)
	}
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(shardDictLevel), zstd.WithLowerEncoderMem(true), zstd.WithEncoderDict(raw))
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", name, err)
	}
	if _, ok := loadedDicts[id]; !ok {
		dicts := [][]byte{storedDict}
		for _, d := range loadedDicts {
			dicts = append(dicts, d)
		}
		dec, err := newDecoder(append(dicts, raw)...)
		if err != nil {
			return nil, fmt.Errorf("store: %s: %w", name, err)
		}
		loadedDicts[id] = raw
		decoder.Store(dec)
	}
	d := &shardDict{id: id, raw: raw, encoder: enc}
	shardDicts[dir] = d
	return d, nil
}

// trainShardDict trains a dictionary for the bleve index at path (an
// article shard) when it has none and holds enough stored text to be worth
// one, and publishes it (publish: the file written and synced, its id
// recorded in the index's meta, then loaded for the writer). It is called before the
// shard's final merge.
func trainShardDict(path string, r index.IndexReader, publish func(dir string, id uint32, raw []byte) error) error {
	dir := segmentStoreDir(path)
	if d, err := shardDictOf(dir); err != nil || d != nil {
		return err
	}
	samples, total, err := sampleStoredDocs(r, shardDictSamples)
	if err != nil {
		return fmt.Errorf("store: sample the documents of %s: %w", path, err)
	}
	history := min(maxShardDictHistory, total/16)
	if history < minShardDictHistory {
		return nil
	}
	id := newShardDictID()
	raw, err := buildDict(id, samples, history, shardDictContents)
	if err != nil {
		return fmt.Errorf("store: dictionary of %s: %w", path, err)
	}
	return publish(dir, id, raw)
}

// writeShardDict writes raw as the dictionary file of dir, synced, unless
// dir has one: an existing file is never replaced (segments may use it).
// It reports whether it wrote the file.
func writeShardDict(dir string, raw []byte) (bool, error) {
	path := filepath.Join(dir, shardDictFile)
	if _, err := os.Stat(path); err == nil {
		return false, nil
	}
	if err := writeFileSynced(path, zstdEncoder.EncodeAll(raw, nil)); err != nil {
		return false, fmt.Errorf("store: write %s: %w", path, err)
	}
	return true, nil
}

// checkShardDict loads the dictionary of the bleve index at path and
// checks that it is the one the index's meta recorded, before bleve opens
// the index: scorch only logs a segment it cannot open and falls back to
// an older snapshot of the index, whose newer files it then removes.
func checkShardDict(path string, id uint32) error {
	dir := segmentStoreDir(path)
	d, err := shardDictOf(dir)
	if err != nil {
		return err
	}
	if d == nil {
		return fmt.Errorf("store: %s is missing: the index's segments need it (restore it from a backup, or index the articles again into a new directory)", filepath.Join(dir, shardDictFile))
	}
	if d.id != id {
		return fmt.Errorf("store: %s has id %#x, the index recorded %#x: it is another shard's dictionary", filepath.Join(dir, shardDictFile), d.id, id)
	}
	return nil
}

// newShardDictID draws an id no dictionary of the process has or was
// given, and reserves it.
func newShardDictID() uint32 {
	shardDictsMu.Lock()
	defer shardDictsMu.Unlock()
	for {
		id := minDictID + uint32(rand.IntN(int(maxDictID-minDictID)))
		if _, ok := loadedDicts[id]; !ok && !reservedDictIDs[id] && id != StoredDictID {
			reservedDictIDs[id] = true
			return id
		}
	}
}

// zstd reserves dictionary ids under 32,768 and from 2^31.
const (
	minDictID uint32 = 32768
	maxDictID uint32 = 1 << 31
)

// sampleStoredDocs reads up to n documents spread evenly over r (each as
// zap stores it: the id, then the stored field values), and the estimated
// stored bytes of all its documents.
func sampleStoredDocs(r index.IndexReader, n int) (samples [][]byte, total int, err error) {
	count, err := r.DocCount()
	if err != nil || count == 0 {
		return nil, 0, err
	}
	all, err := r.DocIDReaderAll()
	if err != nil {
		return nil, 0, err
	}
	defer all.Close()
	var size int
	for i := 0; ; i++ {
		id, err := all.Next()
		if err != nil {
			return nil, 0, err
		}
		if id == nil || len(samples) == n {
			break
		}
		// Document i when i*n/count steps: n spread evenly over count.
		if i > 0 && uint64(i)*uint64(n)/count == uint64(i-1)*uint64(n)/count {
			continue
		}
		ext, err := r.ExternalID(id)
		if err != nil {
			return nil, 0, err
		}
		doc, err := r.Document(ext)
		if err != nil {
			return nil, 0, fmt.Errorf("document %s: %w", ext, err)
		}
		if doc == nil {
			continue // deleted meanwhile
		}
		s := []byte(ext)
		doc.VisitFields(func(f index.Field) { s = append(s, f.Value()...) })
		samples = append(samples, s)
		size += len(s)
	}
	if len(samples) == 0 {
		return nil, 0, nil
	}
	return samples, size * int(count) / len(samples), nil
}

// buildDict trains a dictionary of id on samples: its content the last
// history bytes of them (or half, when they are fewer), its tables from
// contents of them, spread evenly.
func buildDict(id uint32, samples [][]byte, history, contents int) ([]byte, error) {
	var cs [][]byte
	for i := 0; i < contents && i < len(samples); i++ {
		s := samples[i*len(samples)/min(contents, len(samples))]
		if len(s) < 8 {
			continue
		}
		// The builder fails on samples longer than a zstd block.
		cs = append(cs, s[:min(len(s), 64<<10)])
	}
	if len(cs) == 0 {
		return nil, fmt.Errorf("no samples")
	}
	// The history is the end of the samples, most recent last: zstd finds
	// the strings nearest the end of a dictionary cheapest to refer to. At
	// most half the samples: the builder found no literals to learn its
	// tables from when the history held them all.
	all := bytes.Join(samples, nil)
	h := all[len(all)-min(history, len(all)/2):]
	return zstd.BuildDict(zstd.BuildDictOptions{ID: id, Contents: cs, History: h, Offsets: [3]int{1, 4, 8}})
}

// writeFileSynced writes a new file at path and syncs it and its
// directory, so that it is on disk before any segment refers to it.
func writeFileSynced(path string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(filepath.Dir(path))
}

// syncDir syncs directory dir, making the renames in it durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// forgetShardDicts drops what this process knows of the dictionaries of
// the bleve indexes at paths, so the next use reads their files: a
// directory may have been removed and made again meanwhile. The decoder
// keeps them (by id) for segments still open.
func forgetShardDicts(paths []string) {
	shardDictsMu.Lock()
	defer shardDictsMu.Unlock()
	for _, p := range paths {
		delete(shardDicts, segmentStoreDir(p))
	}
}

// dictErrors holds, by segment directory, why a segment's dictionary
// could not be loaded: scorch only logs a segment it cannot open, and its
// open fails later on an unrelated error (when it has no older snapshot
// to fall back to).
var dictErrors sync.Map

// openError is err, the failure to open the bleve index at path, or the
// missing dictionary that caused it.
func openError(path string, err error) error {
	if e, ok := dictErrors.LoadAndDelete(segmentStoreDir(path)); ok {
		return e.(error)
	}
	return err
}
