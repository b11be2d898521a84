package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/newsfind/newsfind/internal/extract"
	"github.com/newsfind/newsfind/internal/store"
	"golang.org/x/term"
)

// defaultIndexDir is where the index lives unless --index or NEWSFIND_INDEX says otherwise.
func defaultIndexDir() string {
	if d := os.Getenv("NEWSFIND_INDEX"); d != "" {
		return d
	}
	return filepath.Join("var", "index")
}

func indexFlag(fs *flag.FlagSet) *string {
	return fs.String("index", defaultIndexDir(), "index directory (env NEWSFIND_INDEX)")
}

func shardsFlag(fs *flag.FlagSet) *int {
	return fs.Int("shards", 0, "shards for a NEW index (default: number of CPUs); an existing index keeps its count")
}

// maxShards bounds --shards: every shard is two bleve indexes, each with
// its own files, segment merger and persister goroutines, while a search
// visits them all; far more shards than cores only cost.
const maxShards = 256

// intFlag is a flag's name (without dashes) and value, for atLeastOne.
type intFlag struct {
	name string
	v    int64
}

// atLeastOne refuses a count or limit flag below 1: a search request or
// server.Config would read 0 or less as "unset, use the default", which for
// a limit is the largest value, so a mistyped limit must not widen it.
func atLeastOne(flags ...intFlag) error {
	for _, f := range flags {
		if f.v < 1 {
			return fmt.Errorf("--%s %d: must be at least 1", f.name, f.v)
		}
	}
	return nil
}

// openInput opens the file at path to read, or stdin for "-" (which Close
// leaves open).
func openInput(path string) (io.ReadCloser, error) {
	if path == "-" {
		return io.NopCloser(os.Stdin), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// openStore opens (or creates) the index.
func openStore(dir string, shards int, uncompressed bool) (*store.Store, error) {
	if shards < 0 || shards > maxShards {
		return nil, fmt.Errorf("--shards %d: must be between 1 and %d (0: one per CPU)", shards, maxShards)
	}
	return store.Open(dir, store.Options{Shards: shards, Uncompressed: uncompressed})
}

// openExistingStore opens an index that must already exist (search).
func openExistingStore(dir string) (*store.Store, error) {
	if _, err := os.Stat(filepath.Join(dir, "newsfind.json")); err != nil {
		return nil, fmt.Errorf("no index at %s (create one with: newsfind index --index %s FILES)", dir, dir)
	}
	return store.Open(dir, store.Options{})
}

func pipeline() (*extract.Pipeline, error) { return extract.Default() }

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}
